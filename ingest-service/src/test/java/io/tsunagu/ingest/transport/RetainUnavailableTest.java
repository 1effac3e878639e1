package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.RawMqttClient.Will;
import io.tsunagu.ingest.support.RestrictedProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

/**
 * With {@code tsunagu.ingest.mqtt.retain-available=false} (in {@link RestrictedProfile}), as Mosquitto's
 * {@code retain_available false}: MQTT 5 clients are told, and refused when they send RETAIN anyway.
 */
@QuarkusTest
@TestProfile(RestrictedProfile.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class RetainUnavailableTest {

    private static final Duration CLOSE = Duration.ofSeconds(10);
    private static final byte[] PAYLOAD = "kept?".getBytes(StandardCharsets.UTF_8);

    @Inject
    MqttListener listener;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void mqtt5ConnackSaysRetainNotAvailable() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("ra0"));

        Mqtt5ConnAck connAck = client.connect();
        client.disconnect();

        assertThat(connAck.getRestrictions().isRetainAvailable()).isFalse();
    }

    @Test
    void mqtt5RetainedPublishIsAnsweredWithRetainNotSupported() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("retain"), 60));
            raw.expect(RawMqttClient.CONNACK);

            raw.send(RawMqttClient.publish5Retained(topic(), 1, 1, PAYLOAD));

            assertThat(raw.readUntilClosed(CLOSE)).singleElement().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(RawMqttClient.DISCONNECT);
                // Retain not supported [MQTT-3.2.2-14]
                assertThat(packet.reasonCode()).isEqualTo(0x9A);
            });
        }
    }

    @Test
    void mqtt5RetainedWillIsRefusedInConnack() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("retainwill"), 60, 0,
                    new Will(topic(), PAYLOAD, 0, true, 0)));

            // [MQTT-3.2.2-13]
            assertThat(raw.readUntilClosed(CLOSE)).singleElement().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(RawMqttClient.CONNACK);
                assertThat(packet.reasonCode()).isEqualTo(0x9A);
            });
        }
    }

    @Test
    void mqtt311RetainedPublishIsAcceptedButNotRetained() throws Exception {
        String topic = topic();
        String key = Streams.publishKey("default", topic);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                KafkaTestClient retained = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> publishFrom = kafka.endOffsets(Streams.PUBLISH);
            Map<TopicPartition, Long> retainedFrom = retained.endOffsets(Streams.RETAINED);
            MqttClient client = MqttClients.paho3(listener.actualPort(), MqttClients.uniqueId("retain3"));
            client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));

            client.publish(topic, PAYLOAD, 1, true);
            client.disconnect();
            client.close();

            assertThat(kafka.awaitRecords(publishFrom, r -> key.equals(r.key()), 1, Duration.ofSeconds(20)))
                    .singleElement()
                    .satisfies(r -> assertThat(PublishCodec.decode(r.value()).retain()).isTrue());
            assertThat(retained.collectFor(retainedFrom, r -> key.equals(r.key()), Duration.ofSeconds(1)))
                    .isEmpty();
        }
    }

    /** A topic the ACL lets anonymous clients write. */
    private static String topic() {
        return "acl/retain/" + UUID.randomUUID().toString().substring(0, 12);
    }
}
