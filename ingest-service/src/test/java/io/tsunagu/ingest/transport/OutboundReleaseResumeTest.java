package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Outbound QoS 2 across connections of a persistent session: a subscriber that answered PUBREC and lost its connection
 * before PUBCOMP gets PUBREL again, with the original packet id, first thing after CONNACK when it resumes with Clean
 * Start 0 [MQTT-4.4.0-1]; the packet id stays in use until PUBCOMP, and the message is not sent again. Raw bytes, so
 * that the client can go between PUBREC and PUBREL. Same profile as {@link PersistentSessionTest}.
 */
@QuarkusTest
@TestProfile(PersistentSessionTest.Persistent.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class OutboundReleaseResumeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int HOUR = 3600;

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void resumedSessionGetsPubrelFirstAndTheMessageIsNotSentAgain() throws Exception {
        String clientId = MqttClients.uniqueId("pubrel");
        String topic = MqttClients.uniqueTopic("pubrel") + "/t";
        String marker = MqttClients.uniqueTopic("pubrel-marker") + "/t";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> sessionsFrom = kafka.endOffsets(Streams.SESSION);
            Map<TopicPartition, Long> publishesFrom = kafka.endOffsets(Streams.PUBLISH);
            int packetId = receiveThenLeaveBeforePubrel(kafka, clientId, topic);
            SessionEvent disconnected = sessionEvents(kafka, sessionsFrom, clientId, 2).get(1);
            assertThat(disconnected.state()).isEqualTo(SessionState.DISCONNECTED);
            assertThat(disconnected.pendingOutboundReleases()).containsExactly(packetId);

            try (RawMqttClient again = RawMqttClient.open(listener.actualPort())) {
                again.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));
                assertThat(sessionPresent(again.expect(RawMqttClient.CONNACK))).isTrue();

                // The first packet after CONNACK: PUBREL with the original packet id [MQTT-4.4.0-1].
                RawMqttClient.Packet pubrel = again.expect(RawMqttClient.PUBREL);
                assertThat(pubrel.packetId()).isEqualTo(packetId);
                deliver(kafka, TestDeliveries.publishEvent(marker, "after"), clientId, 1);
                RawMqttClient.Packet next = again.expect(RawMqttClient.PUBLISH);
                // Not the released message again, and its packet id is still in use until PUBCOMP [MQTT-2.2.1-3].
                assertThat(next.topicName()).isEqualTo(marker);
                assertThat(next.publishPacketId()).isNotEqualTo(packetId);
                again.send(RawMqttClient.concat(List.of(RawMqttClient.pubcomp(packetId),
                        puback(next.publishPacketId()), RawMqttClient.disconnect5(0))));
            }
            List<SessionEvent> events = sessionEvents(kafka, sessionsFrom, clientId, 4);
            assertThat(events).extracting(SessionEvent::state).containsExactly(SessionState.CONNECTED,
                    SessionState.DISCONNECTED, SessionState.CONNECTED, SessionState.DISCONNECTED);
            assertThat(events.get(2).pendingOutboundReleases()).containsExactly(packetId);
            assertThat(events.get(3).pendingOutboundReleases()).isEmpty();
            // The client has the message: it was not handed back to the session to be sent again.
            assertThat(kafka.collectFor(publishesFrom, record -> isOn(record, topic), Duration.ofSeconds(2)))
                    .isEmpty();
        }
    }

    @Test
    void connectionTakingTheSessionOverOnThisNodeGetsPubrelFirst() throws Exception {
        String clientId = MqttClients.uniqueId("pubrel-takeover");
        String topic = MqttClients.uniqueTopic("pubrel-takeover") + "/t";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient first = RawMqttClient.open(listener.actualPort())) {
            Map<TopicPartition, Long> sessionsFrom = kafka.endOffsets(Streams.SESSION);
            first.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));
            first.expect(RawMqttClient.CONNACK);
            deliver(kafka, TestDeliveries.publishEvent(topic, "exactly once"), clientId, 2);
            int packetId = first.expect(RawMqttClient.PUBLISH).publishPacketId();
            first.send(RawMqttClient.pubrec(packetId));
            // The server had PUBREC: the first connection goes without answering PUBREL.
            assertThat(first.expect(RawMqttClient.PUBREL).packetId()).isEqualTo(packetId);

            try (RawMqttClient second = RawMqttClient.open(listener.actualPort())) {
                second.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));

                assertThat(sessionPresent(second.expect(RawMqttClient.CONNACK))).isTrue();
                assertThat(first.expect(RawMqttClient.DISCONNECT).reasonCode()).isEqualTo(0x8E);
                assertThat(second.expect(RawMqttClient.PUBREL).packetId()).isEqualTo(packetId);
                second.send(RawMqttClient.concat(List.of(RawMqttClient.pubcomp(packetId),
                        RawMqttClient.disconnect5(0))));
            }
            List<SessionEvent> events = sessionEvents(kafka, sessionsFrom, clientId, 4);
            assertThat(events).extracting(SessionEvent::state).containsExactly(SessionState.CONNECTED,
                    SessionState.DISCONNECTED, SessionState.CONNECTED, SessionState.DISCONNECTED);
            assertThat(events.get(1).pendingOutboundReleases()).containsExactly(packetId);
            assertThat(events.get(3).pendingOutboundReleases()).isEmpty();
        }
    }

    /**
     * Connects a persistent session, receives a QoS 2 message on {@code topic}, answers PUBREC and disconnects in the
     * same write, before reading PUBREL; returns the message's packet id.
     */
    private int receiveThenLeaveBeforePubrel(KafkaTestClient kafka, String clientId, String topic) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));
            raw.expect(RawMqttClient.CONNACK);
            deliver(kafka, TestDeliveries.publishEvent(topic, "exactly once"), clientId, 2);
            RawMqttClient.Packet publish = raw.expect(RawMqttClient.PUBLISH);
            assertThat(publish.qos()).isEqualTo(2);
            int packetId = publish.publishPacketId();
            raw.send(RawMqttClient.concat(List.of(RawMqttClient.pubrec(packetId), RawMqttClient.disconnect5(0))));
            return packetId;
        }
    }

    private void deliver(KafkaTestClient kafka, PublishEvent publish, String clientId, int qos) throws Exception {
        DeliveryEvent delivery = new DeliveryEvent(identity.nodeId(), List.of(new Recipient(clientId, qos, false)),
                publish);
        kafka.send(identity.deliveryStream(), Streams.publishKey(publish.tenant(), publish.topic()),
                DeliveryCodec.encode(delivery));
    }

    private static List<SessionEvent> sessionEvents(KafkaTestClient kafka, Map<TopicPartition, Long> from,
            String clientId, int count) {
        String key = Streams.sessionKey("default", clientId);
        return kafka.awaitRecords(from, record -> key.equals(record.key()), count, WAIT).stream()
                .map(ConsumerRecord::value)
                .map(SessionCodec::decode)
                .filter(event -> event.state() != SessionState.TAKEOVER)
                .toList();
    }

    private static byte[] puback(int packetId) {
        return RawMqttClient.packet(0x40, RawMqttClient.bytes(packetId >> 8, packetId & 0xFF));
    }

    private static boolean isOn(ConsumerRecord<String, byte[]> record, String topic) {
        return PublishCodec.decode(record.value()).topic().equals(topic);
    }

    /** CONNACK's Session Present flag: bit 0 of the acknowledge flags. */
    private static boolean sessionPresent(RawMqttClient.Packet connack) {
        return (connack.body()[0] & 0x01) != 0;
    }
}
