package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.UserProperty;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.RawMqttClient.Will;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

/**
 * The will is published through the hand-off when the connection ends other than by a normal DISCONNECT
 * [MQTT-3.1.2-8], deleted by DISCONNECT 0x00 [MQTT-3.1.2-10], and held back by the Will Delay Interval
 * [MQTT-3.1.3-9].
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class WillTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] GONE = "gone".getBytes(StandardCharsets.UTF_8);

    @Inject
    MqttListener listener;

    @Inject
    PendingWills pendingWills;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void willIsPublishedWhenTheSocketDrops() throws Exception {
        String clientId = MqttClients.uniqueId("drop");
        String topic = MqttClients.uniqueTopic("drop") + "/status";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                raw.send(RawMqttClient.connect5(clientId, 60, 0, new Will(topic, GONE, 1, false, 0)));
                raw.expect(RawMqttClient.CONNACK);
            }

            PublishEvent will = awaitWill(kafka, from, topic);
            assertThat(will.clientId()).isEqualTo(clientId);
            assertThat(will.qos()).isEqualTo(1);
            assertThat(will.retain()).isFalse();
            assertThat(will.payload().toByteArray()).isEqualTo(GONE);
        }
    }

    @Test
    void willIsPublishedOnKeepAliveTimeout() throws Exception {
        String topic = MqttClients.uniqueTopic("keepalive") + "/status";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            raw.send(RawMqttClient.connect311(MqttClients.uniqueId("keepalive"), 1, Will.of(topic, GONE)));
            raw.expect(RawMqttClient.CONNACK);

            // Silent for 1.5 x 1 s: closed [MQTT-3.1.2-24], and the will goes out.
            assertThat(raw.readUntilClosed(Duration.ofSeconds(10))).isEmpty();
            assertThat(awaitWill(kafka, from, topic).payload().toByteArray()).isEqualTo(GONE);
        }
    }

    @Test
    void willIsPublishedAfterAProtocolError() throws Exception {
        String topic = MqttClients.uniqueTopic("violation") + "/status";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("violation"), 60, 0, Will.of(topic, GONE)));
            raw.expect(RawMqttClient.CONNACK);

            raw.send(RawMqttClient.publish5("a/#", 0, 0, GONE));

            assertThat(raw.readUntilClosed(Duration.ofSeconds(10))).singleElement()
                    .satisfies(packet -> assertThat(packet.reasonCode()).isEqualTo(0x90));
            assertThat(awaitWill(kafka, from, topic).payload().toByteArray()).isEqualTo(GONE);
        }
    }

    @Test
    void disconnectWithWillMessagePublishesTheWillWithItsProperties() {
        String clientId = MqttClients.uniqueId("with-will");
        String topic = MqttClients.uniqueTopic("with-will") + "/status";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connectWith().willPublish().topic(topic).payload(GONE).qos(MqttQos.AT_LEAST_ONCE)
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                    .contentType("text/plain")
                    .messageExpiryInterval(300)
                    .responseTopic("replies/" + clientId)
                    .correlationData(new byte[] {7})
                    .userProperties().add("reason", "battery").applyUserProperties()
                    .applyWillPublish()
                    .send();

            client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

            PublishEvent will = awaitWill(kafka, from, topic);
            assertThat(will.properties().payloadFormatIndicator()).isEqualTo(OptionalInt.of(1));
            assertThat(will.properties().contentType()).isEqualTo("text/plain");
            assertThat(will.properties().messageExpiryInterval()).hasValue(300);
            assertThat(will.properties().responseTopic()).isEqualTo("replies/" + clientId);
            assertThat(will.properties().correlationData()).isEqualTo(Payload.wrap(new byte[] {7}));
            assertThat(will.properties().userProperties()).containsExactly(new UserProperty("reason", "battery"));
        }
    }

    @Test
    void normalDisconnectDeletesTheWill() {
        String clientId = MqttClients.uniqueId("normal");
        String topic = MqttClients.uniqueTopic("normal") + "/status";
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Map<TopicPartition, Long> sessionFrom = kafka.endOffsets(Streams.SESSION);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connectWith().willPublish().topic(topic).payload(GONE).applyWillPublish().send();

            client.disconnect();

            awaitEnded(kafka, sessionFrom, clientId);
            publishMarker(topic);
            // Had a will been published, it would precede the marker: same producer, same partition.
            List<ConsumerRecord<String, byte[]>> records = kafka.awaitRecords(from, r -> key.equals(r.key()), 1, WAIT);
            assertThat(records).extracting(r -> PublishCodec.decode(r.value()).payload().toUtf8())
                    .containsExactly("marker");
        }
    }

    @Test
    void pahoMqtt311WillIsPublishedWhenTheConnectionIsLost() throws Exception {
        String topic = MqttClients.uniqueTopic("paho-will") + "/status";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            MqttClient client = MqttClients.paho3(listener.actualPort(), MqttClients.uniqueId("paho-will"));
            MqttConnectOptions options = MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setWill(topic, GONE, 0, false);
            client.connect(options);

            // Close the socket without DISCONNECT: network loss.
            client.disconnectForcibly(0, 1000, false);
            client.close();

            PublishEvent will = awaitWill(kafka, from, topic);
            assertThat(will.qos()).isZero();
            assertThat(will.payload().toByteArray()).isEqualTo(GONE);
        }
    }

    @Test
    void retainedWillIsWrittenToTheRetainedStream() {
        String topic = MqttClients.uniqueTopic("retained-will") + "/status";
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.RETAINED);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("retained-will"));
            client.connectWith().willPublish().topic(topic).payload(GONE).retain(true).applyWillPublish().send();

            client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

            ConsumerRecord<String, byte[]> retained = kafka.awaitRecords(from, r -> key.equals(r.key()), 1, WAIT)
                    .get(0);
            assertThat(PublishCodec.decode(retained.value()).retain()).isTrue();
            assertThat(PublishCodec.decode(retained.value()).payload().toByteArray()).isEqualTo(GONE);
        }
    }

    @Test
    void willIsPublishedOnlyAfterItsDelay() throws Exception {
        String clientId = MqttClients.uniqueId("delayed");
        String topic = MqttClients.uniqueTopic("delayed") + "/status";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Instant closed;
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                raw.send(RawMqttClient.connect5(clientId, 60, 60, new Will(topic, GONE, 1, false, 2)));
                raw.expect(RawMqttClient.CONNACK);
                closed = Instant.now();
            }

            PublishEvent will = awaitWill(kafka, from, topic);
            assertThat(will.receivedAt()).isAfterOrEqualTo(closed.plusMillis(1900));
        }
    }

    @Test
    void shorterSessionExpiryBoundsTheWillDelay() throws Exception {
        String topic = MqttClients.uniqueTopic("expiry") + "/status";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Instant closed;
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                // Will Delay 3600 s, Session Expiry 1 s: the will goes out when the session ends [MQTT-3.1.3-9].
                raw.send(RawMqttClient.connect5(MqttClients.uniqueId("expiry"), 60, 1,
                        new Will(topic, GONE, 1, false, 3600)));
                raw.expect(RawMqttClient.CONNACK);
                closed = Instant.now();
            }

            PublishEvent will = awaitWill(kafka, from, topic);
            assertThat(will.receivedAt()).isBetween(closed.plusMillis(900), closed.plusSeconds(15));
        }
    }

    @Test
    void reconnectingWithinTheDelayCancelsTheWill() throws Exception {
        String clientId = MqttClients.uniqueId("back");
        String topic = MqttClients.uniqueTopic("back") + "/status";
        String key = Streams.publishKey("default", topic);
        double cancelledBefore = wills("cancelled");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                raw.send(RawMqttClient.connect5(clientId, 60, 60, new Will(topic, GONE, 1, false, 2)));
                raw.expect(RawMqttClient.CONNACK);
            }
            String sessionKey = Streams.sessionKey("default", clientId);
            await().atMost(WAIT).until(() -> pendingWills.isPending(sessionKey));

            Mqtt5BlockingClient again = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            again.connect();

            assertThat(wills("cancelled")).isEqualTo(cancelledBefore + 1);
            assertThat(pendingWills.isPending(sessionKey)).isFalse();
            // Past the delay: still nothing.
            assertThat(kafka.collectFor(from, r -> key.equals(r.key()), Duration.ofSeconds(3))).isEmpty();
            again.disconnect();
        }
    }

    @Test
    void takeoverPublishesTheWillOfTheOldConnection() {
        String clientId = MqttClients.uniqueId("taken");
        String topic = MqttClients.uniqueTopic("taken") + "/status";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient first = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            first.connectWith().willPublish().topic(topic).payload(GONE).applyWillPublish().send();

            Mqtt5BlockingClient second = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            second.connect();

            assertThat(awaitWill(kafka, from, topic).clientId()).isEqualTo(clientId);
            second.disconnect();
        }
    }

    @Test
    void mqtt5WillTopicWithAWildcardIsRefusedWithTopicNameInvalid() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("badwill"), 60, 0, Will.of("status/#", GONE)));

            assertThat(raw.readUntilClosed(Duration.ofSeconds(10))).singleElement().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(RawMqttClient.CONNACK);
                assertThat(packet.reasonCode()).isEqualTo(0x90);
            });
        }
    }

    @Test
    void mqtt311WillTopicWithAWildcardClosesTheConnection() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect311(MqttClients.uniqueId("badwill3"), 60, Will.of("status/+", GONE)));

            assertThat(raw.readUntilClosed(Duration.ofSeconds(10))).isEmpty();
        }
    }

    @Test
    void willQos3IsRefused() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("willqos3"), 60, 0,
                    new Will("status", GONE, 3, false, 0)));

            // [MQTT-3.1.2-12]: a malformed CONNECT, refused with CONNACK 0x81.
            assertThat(raw.readUntilClosed(Duration.ofSeconds(10))).singleElement().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(RawMqttClient.CONNACK);
                assertThat(packet.reasonCode()).isEqualTo(0x81);
            });
        }
    }

    private PublishEvent awaitWill(KafkaTestClient kafka, Map<TopicPartition, Long> from, String topic) {
        String key = Streams.publishKey("default", topic);
        return PublishCodec.decode(kafka.awaitRecords(from, r -> key.equals(r.key()), 1, WAIT).get(0).value());
    }

    private static void awaitEnded(KafkaTestClient kafka, Map<TopicPartition, Long> from, String clientId) {
        String key = Streams.sessionKey("default", clientId);
        kafka.awaitRecords(from, r -> key.equals(r.key())
                && SessionCodec.decode(r.value()).state() == SessionState.ENDED, 1, WAIT);
    }

    private void publishMarker(String topic) {
        Mqtt5BlockingClient marker = MqttClients.hivemq5Blocking(listener.actualPort(),
                MqttClients.uniqueId("marker"));
        marker.connect();
        marker.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload("marker".getBytes(StandardCharsets.UTF_8)).send();
        marker.disconnect();
    }

    private double wills(String outcome) {
        return meters.get(IngestMetrics.WILLS).tag("outcome", outcome).counter().count();
    }
}
