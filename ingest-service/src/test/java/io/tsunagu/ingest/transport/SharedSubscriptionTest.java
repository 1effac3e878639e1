package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAck;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
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
import io.tsunagu.ingest.support.RawMqttClient.Packet;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Shared subscriptions {@code $share/{ShareName}/{filter}} (MQTT 5 §4.8.2): ingest accepts and keeps them (routing
 * picks the member), never asks for their retained messages, and hands the copies a member leaves unacknowledged back
 * to the publish stream for another member.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class SharedSubscriptionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Long enough for a hand-back that should not happen to show up. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void mqtt5SubackGrantsASharedSubscriptionAndTheSessionKeepsIt() {
        String clientId = MqttClients.uniqueId("share5");
        String shared = "$share/g/" + MqttClients.uniqueTopic("share5") + "/#";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connect();

            Mqtt5SubAck subAck = client.subscribeWith().topicFilter(shared).qos(MqttQos.AT_LEAST_ONCE).send();
            client.disconnect();

            assertThat(subAck.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThat(sessionEvents(kafka, from, clientId, 3).get(1).subscriptions())
                    .extracting(Subscription::filter, Subscription::qos)
                    .containsExactly(tuple(shared, 1));
        }
    }

    @Test
    void mqtt311SubackGrantsASharedSubscription() {
        Mqtt3BlockingClient client = MqttClients.hivemq3Blocking(listener.actualPort(),
                MqttClients.uniqueId("share3"));
        client.connect();

        Mqtt3SubAck subAck = client.subscribeWith().topicFilter("$share/g/" + MqttClients.uniqueTopic("share3") + "/#")
                .qos(MqttQos.EXACTLY_ONCE).send();
        client.disconnect();

        // Mosquitto and EMQX accept shared subscriptions from 3.1.1 clients too.
        assertThat(subAck.getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_2);
    }

    @Test
    void noLocalOnASharedSubscriptionIsDisconnectedWithProtocolError() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("sharenl"), 60));
            raw.expect(RawMqttClient.CONNACK);

            // Options 0x05: QoS 1 and No Local.
            raw.send(RawMqttClient.subscribe(1, "$share/g/a/#", 0x05, new byte[] {0}));

            // [MQTT-3.8.3-4]: No Local on a shared subscription is a Protocol Error.
            assertThat(raw.readUntilClosed(WAIT)).singleElement().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(RawMqttClient.DISCONNECT);
                assertThat(packet.reasonCode()).isEqualTo(0x82);
            });
        }
    }

    @Test
    void sharedSubscriptionAsksForNoRetainedMessages() {
        String clientId = MqttClients.uniqueId("shareret");
        String root = MqttClients.uniqueTopic("shareret");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connect();

            client.subscribeWith()
                    .addSubscription().topicFilter("$share/g/" + root + "/#")
                    .retainHandling(Mqtt5RetainHandling.SEND).applySubscription()
                    .addSubscription().topicFilter(root + "/#")
                    .retainHandling(Mqtt5RetainHandling.SEND).applySubscription()
                    .send();
            client.disconnect();

            // Retained messages go to new non-shared subscriptions only (MQTT 5 §3.3.1.3, §4.8.2).
            assertThat(sessionEvents(kafka, from, clientId, 3).get(1).retainedRequests())
                    .containsExactly(root + "/#");
        }
    }

    @Test
    void unsubscribeRemovesASharedSubscription() {
        String shared = "$share/g/" + MqttClients.uniqueTopic("shareun") + "/+";
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                MqttClients.uniqueId("shareun"));
        client.connect();
        client.subscribeWith().topicFilter(shared).send();

        Mqtt5UnsubAck unsubAck = client.unsubscribeWith().topicFilter(shared).send();
        client.disconnect();

        assertThat(unsubAck.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS);
    }

    @Test
    void unacknowledgedSharedCopiesAreHandedBackWhenTheSubscriberDisconnects() throws Exception {
        String clientId = MqttClients.uniqueId("handback");
        String topic = MqttClients.uniqueTopic("handback");
        String group = "$share/g/" + topic;
        String otherGroup = "$share/h/" + topic;
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add, true);
        client.connectWith().restrictions().receiveMaximum(2).applyRestrictions().send();
        PublishEvent acknowledged = TestDeliveries.publishEvent(topic, "acknowledged");
        PublishEvent inFlight = TestDeliveries.publishEvent(topic, "in flight");
        PublishEvent notShared = TestDeliveries.publishEvent(topic, "not shared");
        PublishEvent queued = TestDeliveries.publishEvent(topic, "queued");
        PublishEvent twoGroups = TestDeliveries.publishEvent(topic, "two groups");
        double handedBackBefore = handBacks();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            deliveries().send(List.of(
                    delivery(acknowledged, new Recipient(clientId, 1, false, List.of(), List.of(group))),
                    delivery(inFlight, new Recipient(clientId, 1, false, List.of(), List.of(group))),
                    delivery(notShared, new Recipient(clientId, 1, false)),
                    delivery(queued, new Recipient(clientId, 1, false, List.of(), List.of(group))),
                    delivery(twoGroups, new Recipient(clientId, 2, false, List.of(), List.of(group, otherGroup)))));
            // Receive Maximum 2: the first two are in flight, the rest queued.
            await().atMost(WAIT).during(Duration.ofMillis(500)).until(() -> received.size() == 2);
            received.peek().acknowledge();
            await().atMost(WAIT).until(() -> received.size() == 3);

            client.disconnect();

            kafka.awaitRecords(from, record -> handedBackBy(record, clientId), 4, WAIT);
            List<ConsumerRecord<String, byte[]>> handedBack = kafka.collectFor(from,
                    record -> handedBackBy(record, clientId), QUIET);
            assertThat(handedBack)
                    .extracting(record -> PublishCodec.decode(record.value()).messageId(),
                            record -> header(record, Streams.SHARE_TARGET_HEADER))
                    .containsExactlyInAnyOrder(
                            tuple(inFlight.messageId(), group),
                            tuple(queued.messageId(), group),
                            tuple(twoGroups.messageId(), group),
                            tuple(twoGroups.messageId(), otherGroup));
            assertThat(handedBack).allSatisfy(record -> {
                PublishEvent original = List.of(inFlight, queued, twoGroups).stream()
                        .filter(publish -> publish.messageId().equals(PublishCodec.decode(record.value()).messageId()))
                        .findFirst().orElseThrow();
                // The original record, byte for byte, under the original key.
                assertThat(record.value()).isEqualTo(PublishCodec.encode(original));
                assertThat(record.key()).isEqualTo(Streams.publishKey("default", topic));
            });
            await().atMost(WAIT).until(() -> handBacks() >= handedBackBefore + 4);
        }
    }

    @Test
    void qos2CopyWhosePubrecArrivedIsNotHandedBackButOneWithoutPubrecIs() throws Exception {
        String clientId = MqttClients.uniqueId("handback2");
        String group = "$share/g/" + MqttClients.uniqueTopic("handback2") + "/#";
        PublishEvent released = TestDeliveries.publishEvent(MqttClients.uniqueTopic("handback2"), "pubrec sent");
        PublishEvent unanswered = TestDeliveries.publishEvent(MqttClients.uniqueTopic("handback2"), "unanswered");
        Recipient recipient = new Recipient(clientId, 2, false, List.of(), List.of(group));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            raw.send(RawMqttClient.connect5(clientId, 60));
            raw.expect(RawMqttClient.CONNACK);
            deliveries().send(List.of(delivery(released, recipient)));
            raw.send(RawMqttClient.pubrec(raw.expect(RawMqttClient.PUBLISH).publishPacketId()));
            raw.expect(RawMqttClient.PUBREL);
            deliveries().send(List.of(delivery(unanswered, recipient)));
            Packet second = raw.expect(RawMqttClient.PUBLISH);

            // Network loss: no DISCONNECT.
            raw.close();

            kafka.awaitRecords(from, record -> handedBackBy(record, clientId), 1, WAIT);
            assertThat(kafka.collectFor(from, record -> handedBackBy(record, clientId), QUIET))
                    .extracting(record -> PublishCodec.decode(record.value()).messageId())
                    .containsExactly(unanswered.messageId());
            assertThat(second.topicName()).isEqualTo(unanswered.topic());
        }
    }

    @Test
    void sharedCopyForAClientNotConnectedHereIsHandedBack() throws Exception {
        String clientId = MqttClients.uniqueId("handgone");
        String group = "$share/g/" + MqttClients.uniqueTopic("handgone");
        PublishEvent publish = TestDeliveries.publishEvent(MqttClients.uniqueTopic("handgone"), "nobody here");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);

            deliveries().send(List.of(delivery(publish,
                    new Recipient(clientId, 1, false, List.of(), List.of(group)))));

            ConsumerRecord<String, byte[]> handedBack = kafka.awaitRecords(from,
                    record -> handedBackBy(record, clientId), 1, WAIT).get(0);
            assertThat(handedBack.value()).isEqualTo(PublishCodec.encode(publish));
            assertThat(header(handedBack, Streams.SHARE_TARGET_HEADER)).isEqualTo(group);
        }
    }

    private double handBacks() {
        var counter = meters.find(IngestMetrics.SHARED_HAND_BACKS).tag("outcome", "handed-back").counter();
        return counter == null ? 0 : counter.count();
    }

    private static boolean handedBackBy(ConsumerRecord<String, byte[]> record, String clientId) {
        return clientId.equals(header(record, Streams.SHARE_EXCLUDE_HEADER));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The first {@code count} session events of {@code clientId}. */
    private static List<SessionEvent> sessionEvents(KafkaTestClient kafka, Map<TopicPartition, Long> from,
            String clientId, int count) {
        String key = Streams.sessionKey("default", clientId);
        List<SessionEvent> events = kafka.awaitRecords(from, record -> key.equals(record.key()), count, WAIT).stream()
                .map(ConsumerRecord::value)
                .map(SessionCodec::decode)
                .toList();
        assertThat(events.get(0).state()).isEqualTo(SessionState.CONNECTED);
        return events;
    }

    private DeliveryEvent delivery(PublishEvent publish, Recipient recipient) {
        return new DeliveryEvent(identity.nodeId(), List.of(recipient), publish);
    }

    private TestDeliveries deliveries() {
        return new TestDeliveries(bootstrapServers, identity.nodeId(), identity.deliveryStream());
    }
}
