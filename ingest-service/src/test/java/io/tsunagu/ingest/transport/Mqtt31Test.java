package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;

/** MQTT 3.1 (protocol name MQIsdp, level 3): served as 3.1.1, with 3.1's client identifier rule. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class Mqtt31Test {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void mqisdpConnectIsAcceptedWithReturnCode0() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect31(MqttClients.uniqueId("mqisdp"), 30));

            assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        }
    }

    @Test
    void pahoMqtt31ClientPublishesQos1() throws Exception {
        String topic = MqttClients.uniqueTopic("paho31");
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            MqttClient client = MqttClients.paho3(listener.actualPort(), MqttClients.uniqueId("p31"));
            client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1));

            client.publish(topic, "from 3.1".getBytes(StandardCharsets.UTF_8), 1, false);
            client.disconnect();
            client.close();

            assertThat(kafka.awaitRecords(from, record -> key.equals(record.key()), 1, WAIT))
                    .extracting(record -> PublishCodec.decode(record.value()).clientId()).isNotEmpty();
        }
    }

    @Test
    void pahoMqtt31SubscriberReceivesADelivery() throws Exception {
        String clientId = MqttClients.uniqueId("s31");
        String topic = MqttClients.uniqueTopic("sub31");
        Queue<MqttMessage> received = new ConcurrentLinkedQueue<>();
        MqttClient client = MqttClients.paho3(listener.actualPort(), clientId);
        client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1));
        client.subscribe(topic, 2, (t, message) -> received.add(message));

        new TestDeliveries(bootstrapServers, identity.nodeId(), identity.deliveryStream())
                .live(TestDeliveries.publishEvent(topic, "to 3.1"), new Recipient(clientId, 2, false));

        await().atMost(WAIT).until(() -> !received.isEmpty());
        assertThat(received.peek().getPayload()).isEqualTo("to 3.1".getBytes(StandardCharsets.UTF_8));
        assertThat(received.peek().getQos()).isEqualTo(2);
        client.disconnect();
        client.close();
    }

    @Test
    void mqtt31ClientIdOf24CharactersIsRefusedWithIdentifierRejected() throws Exception {
        MqttClient client = MqttClients.paho3(listener.actualPort(), "x".repeat(24));

        MqttException refused = catchThrowableOfType(MqttException.class,
                () -> client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1)));

        // MQTT 3.1: a client identifier over 23 characters gets CONNACK 2, identifier rejected.
        assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID);
        client.close();
    }

    @Test
    void rawMqtt31ClientIdOf24CharactersIsRefusedWithReturnCode2AndClosed() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect31("y".repeat(24), 30));

            assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isEqualTo(0x02);
            assertThat(raw.readUntilClosed(WAIT)).isEmpty();
        }
    }

    @Test
    void emptyMqtt31ClientIdIsRefusedWithReturnCode2AndClosed() throws Exception {
        // MQTT 3.1 §3.1: the client identifier has 1 to 23 characters; otherwise CONNACK 2, identifier rejected.
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect31("", 30));

            assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isEqualTo(0x02);
            assertThat(raw.readUntilClosed(WAIT)).isEmpty();
        }
    }
}
