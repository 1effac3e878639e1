package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.contracts.codec.PublishCodec;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * At shutdown the node's sessions end, so every will goes out at once: those of connected clients and those still
 * waiting out their Will Delay Interval (MQTT 5 §3.1.3.2.2: delay or session end, whichever is first; Mosquitto does
 * the same). Runs in its own application, since it stops the listener.
 */
@QuarkusTest
@TestProfile(WillShutdownTest.OwnApplication.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class WillShutdownTest {

    private static final byte[] GONE = "gone".getBytes(StandardCharsets.UTF_8);

    @Inject
    MqttListener listener;

    @Inject
    PendingWills pendingWills;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** A separate application instance for this test. */
    public static final class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tsunagu.ingest.shutdown-timeout", "5s");
        }
    }

    @Test
    void shutdownPublishesTheWillsOfConnectedClientsAndThoseWaitingForTheirDelay() throws Exception {
        String connectedTopic = MqttClients.uniqueTopic("shutdown") + "/connected";
        String pendingTopic = MqttClients.uniqueTopic("shutdown") + "/pending";
        String pendingClient = MqttClients.uniqueId("pending");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient connected = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("connected"));
            connected.connectWith().sessionExpiryInterval(600).willPublish().topic(connectedTopic).payload(GONE)
                    .delayInterval(600).applyWillPublish().send();
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                raw.send(RawMqttClient.connect5(pendingClient, 60, 600, new Will(pendingTopic, GONE, 1, false, 600)));
                raw.expect(RawMqttClient.CONNACK);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pendingWills.isPending(Streams.sessionKey("default", pendingClient)));

            listener.onStop(null);

            Set<String> keys = Set.of(Streams.publishKey("default", connectedTopic),
                    Streams.publishKey("default", pendingTopic));
            List<String> topics = kafka.awaitRecords(from, r -> keys.contains(r.key()), 2, Duration.ofSeconds(20))
                    .stream().map(r -> PublishCodec.decode(r.value()).topic()).toList();
            assertThat(topics).containsExactlyInAnyOrder(connectedTopic, pendingTopic);
            assertThat(pendingWills.isPending(Streams.sessionKey("default", pendingClient))).isFalse();
        }
    }
}
