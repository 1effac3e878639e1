package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.contracts.codec.ControlCodec;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.NodeCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.ControlEvent;
import io.tsunagu.contracts.event.ControlKind;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.SessionLookupStandIn;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Persistent sessions on one node: CONNECT grants the Session Expiry Interval, a second connection takes the session
 * over with its subscriptions and QoS 2 state [MQTT-3.1.4-3] [MQTT-3.2.2-2], routing's TAKEOVER closes the connection
 * (0x8E) and disconnects the session, Clean Start 1 discards it, and the node's heartbeat is on the session stream.
 * Routing's session lookup is stood in for from the real session stream ({@link SessionLookupStandIn}); sessions
 * moving between nodes are covered by the e2e tests.
 */
@QuarkusTest
@TestProfile(PersistentSessionTest.Persistent.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class PersistentSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int HOUR = 3600;
    private static final byte[] ONCE = "once".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_PROPERTIES = {0};

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Sessions persist, and routing's lookup is stood in for. */
    public static final class Persistent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tsunagu.ingest.mqtt.max-session-expiry", "86400s",
                    "tsunagu.ingest.mqtt.takeover-timeout", "2s",
                    "tsunagu.ingest.heartbeat-interval", "1s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SessionLookupStandIn.class));
        }
    }

    @Test
    void persistentSessionIsGrantedItsExpiryAndStartsWithoutSessionPresent() throws Exception {
        String clientId = MqttClients.uniqueId("persist");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            raw.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));

            RawMqttClient.Packet connack = raw.expect(RawMqttClient.CONNACK);

            assertThat(connack.reasonCode()).isZero();
            assertThat(sessionPresent(connack)).isFalse();
            SessionEvent connected = sessionEvents(kafka, from, clientId, 1).get(0);
            assertThat(connected.state()).isEqualTo(SessionState.CONNECTED);
            assertThat(connected.persistence().expiryInterval()).isEqualTo(HOUR);
        }
    }

    @Test
    void secondConnectionTakesTheSessionOverWithItsSubscriptionsAndQos2State() throws Exception {
        String clientId = MqttClients.uniqueId("handover");
        String filter = MqttClients.uniqueTopic("handover") + "/#";
        String topic = filter.replace("#", "t");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient first = RawMqttClient.open(listener.actualPort())) {
            Map<TopicPartition, Long> sessionsFrom = kafka.endOffsets(Streams.SESSION);
            Map<TopicPartition, Long> publishesFrom = kafka.endOffsets(Streams.PUBLISH);
            first.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));
            first.expect(RawMqttClient.CONNACK);
            first.send(RawMqttClient.subscribe(1, filter, 0x01, NO_PROPERTIES));
            first.expect(RawMqttClient.SUBACK);
            first.send(RawMqttClient.publish5(topic, 2, 7, ONCE));
            first.expect(RawMqttClient.PUBREC);

            try (RawMqttClient second = RawMqttClient.open(listener.actualPort())) {
                second.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));

                assertThat(sessionPresent(second.expect(RawMqttClient.CONNACK))).isTrue();
                assertThat(first.expect(RawMqttClient.DISCONNECT).reasonCode()).isEqualTo(0x8E);
                // The client repeats the PUBLISH: PUBREC only [MQTT-4.3.3-10]; PUBREL completes it [MQTT-4.3.3-11].
                second.send(RawMqttClient.publish5Dup(topic, 2, 7, ONCE));
                RawMqttClient.Packet pubrec = second.expect(RawMqttClient.PUBREC);
                assertThat(pubrec.reasonCode()).isZero();
                second.send(RawMqttClient.pubrel(7));
                RawMqttClient.Packet pubcomp = second.expect(RawMqttClient.PUBCOMP);
                assertThat(pubcomp.reasonCode()).isZero();
            }
            List<SessionEvent> events = sessionEvents(kafka, sessionsFrom, clientId, 4);
            assertThat(events).extracting(SessionEvent::state).startsWith(SessionState.CONNECTED,
                    SessionState.CONNECTED, SessionState.DISCONNECTED, SessionState.CONNECTED);
            assertThat(events.get(2).subscriptions()).extracting(Subscription::filter).containsExactly(filter);
            assertThat(events.get(2).pendingReleases()).containsExactly(7);
            assertThat(events.get(3).subscriptions()).extracting(Subscription::filter).containsExactly(filter);
            assertThat(kafka.collectFor(publishesFrom, record -> isOn(record, topic), Duration.ofSeconds(2)))
                    .hasSize(1);
        }
    }

    @Test
    void takeoverFromRoutingClosesTheConnectionAndDisconnectsTheSession() throws Exception {
        String clientId = MqttClients.uniqueId("remote");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            raw.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));
            raw.expect(RawMqttClient.CONNACK);
            sessionEvents(kafka, from, clientId, 1);

            ControlEvent takeover = new ControlEvent(identity.nodeId(), ControlKind.TAKEOVER, "default", clientId,
                    "another-node");
            kafka.send(Streams.deliveryStream(identity.nodeId()), identity.nodeId(), ControlCodec.encode(takeover));

            assertThat(raw.expect(RawMqttClient.DISCONNECT).reasonCode()).isEqualTo(0x8E);
            List<SessionEvent> events = sessionEvents(kafka, from, clientId, 2);
            assertThat(events.get(1).state()).isEqualTo(SessionState.DISCONNECTED);
            assertThat(events.get(1).persistence().expiryInterval()).isEqualTo(HOUR);
        }
    }

    @Test
    void cleanStartDiscardsTheExistingSession() throws Exception {
        String clientId = MqttClients.uniqueId("discard");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                raw.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));
                raw.expect(RawMqttClient.CONNACK);
                raw.send(RawMqttClient.disconnect5(0));
            }
            assertThat(sessionEvents(kafka, from, clientId, 2).get(1).state()).isEqualTo(SessionState.DISCONNECTED);
            try (RawMqttClient again = RawMqttClient.open(listener.actualPort())) {
                // Clean Start 1: the session is discarded [MQTT-3.1.2-4]; Session Present 0 [MQTT-3.2.2-1].
                again.send(RawMqttClient.connect5(clientId, 60, HOUR, RawMqttClient.Will.of("w", ONCE)));

                assertThat(sessionPresent(again.expect(RawMqttClient.CONNACK))).isFalse();
            }
            assertThat(sessionEvents(kafka, from, clientId, 4)).extracting(SessionEvent::state).startsWith(
                    SessionState.CONNECTED, SessionState.DISCONNECTED, SessionState.ENDED, SessionState.CONNECTED);
        }
    }

    @Test
    void unacknowledgedCopyGoesBackToItsSessionMarkedDupWhenTheConnectionEnds() throws Exception {
        String clientId = MqttClients.uniqueId("inflight");
        String topic = MqttClients.uniqueTopic("inflight") + "/t";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                raw.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));
                raw.expect(RawMqttClient.CONNACK);
                deliver(kafka, TestDeliveries.publishEvent(topic, "unacked"), clientId);
                // Received, never acknowledged: the socket goes without PUBACK.
                assertThat(raw.expect(RawMqttClient.PUBLISH).topicName()).isEqualTo(topic);
            }

            ConsumerRecord<String, byte[]> handedBack = kafka.awaitRecords(from, record -> isOn(record, topic), 1,
                    WAIT).get(0);

            assertThat(header(handedBack, Streams.SESSION_TARGET_HEADER))
                    .isEqualTo(Streams.sessionKey("default", clientId));
            assertThat(handedBack.headers().lastHeader(Streams.DUP_HEADER)).isNotNull();
        }
    }

    @Test
    void deliveryForAPersistentSessionThatJustLeftGoesBackToItsSession() throws Exception {
        String clientId = MqttClients.uniqueId("departed");
        String topic = MqttClients.uniqueTopic("departed") + "/t";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> sessionsFrom = kafka.endOffsets(Streams.SESSION);
            Map<TopicPartition, Long> publishesFrom = kafka.endOffsets(Streams.PUBLISH);
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                raw.send(RawMqttClient.connect5Resume(clientId, 60, HOUR));
                raw.expect(RawMqttClient.CONNACK);
                raw.send(RawMqttClient.disconnect5(0));
            }
            sessionEvents(kafka, sessionsFrom, clientId, 2);

            deliver(kafka, TestDeliveries.publishEvent(topic, "late"), clientId);

            ConsumerRecord<String, byte[]> handedBack = kafka.awaitRecords(publishesFrom,
                    record -> isOn(record, topic), 1, WAIT).get(0);
            assertThat(header(handedBack, Streams.SESSION_TARGET_HEADER))
                    .isEqualTo(Streams.sessionKey("default", clientId));
            assertThat(handedBack.headers().lastHeader(Streams.DUP_HEADER)).isNull();
        }
    }

    @Test
    void heartbeatWithTheNodeEpochIsWrittenToTheSessionStream() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            String key = Streams.nodeKey(identity.nodeId());

            List<ConsumerRecord<String, byte[]>> beats = kafka.awaitRecords(from,
                    record -> key.equals(record.key()), 2, WAIT);

            NodeEvent heartbeat = NodeCodec.decode(beats.get(0).value());
            assertThat(heartbeat.nodeId()).isEqualTo(identity.nodeId());
            assertThat(heartbeat.nodeEpoch()).isEqualTo(identity.nodeEpoch());
        }
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

    private void deliver(KafkaTestClient kafka, PublishEvent publish, String clientId) throws Exception {
        DeliveryEvent delivery = new DeliveryEvent(identity.nodeId(), List.of(new Recipient(clientId, 1, false)),
                publish);
        kafka.send(identity.deliveryStream(), Streams.publishKey(publish.tenant(), publish.topic()),
                DeliveryCodec.encode(delivery));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static boolean isOn(ConsumerRecord<String, byte[]> record, String topic) {
        return PublishCodec.decode(record.value()).topic().equals(topic);
    }

    /** CONNACK's Session Present flag: bit 0 of the acknowledge flags. */
    private static boolean sessionPresent(RawMqttClient.Packet connack) {
        return (connack.body()[0] & 0x01) != 0;
    }
}
