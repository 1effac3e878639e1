package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Shutdown stops accepting, then closes every connection (MQTT 5: DISCONNECT 0x8B) and ends its session. Runs in
 * its own application (a test profile), since it stops the listener.
 */
@QuarkusTest
@TestProfile(GracefulShutdownTest.OwnApplication.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class GracefulShutdownTest {

    @Inject
    MqttListener listener;

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
    void shutdownDisconnectsEveryClientEndsItsSessionAndStopsAccepting() throws Exception {
        int port = listener.actualPort();
        String clientId = MqttClients.uniqueId("bye");
        Queue<Throwable> causes = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient client = MqttClients.hivemq5(port, clientId)
                .addDisconnectedListener(context -> causes.add(context.getCause()))
                .buildBlocking();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = RawMqttClient.open(port)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            client.connect();
            raw.send(RawMqttClient.connect311(MqttClients.uniqueId("bye3"), 60));
            raw.expect(RawMqttClient.CONNACK);

            listener.onStop(null);

            assertThat(listener.isBound()).isFalse();
            assertThat(raw.readUntilClosed(Duration.ofSeconds(10))).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> !causes.isEmpty());
            assertThat(causes.peek()).isInstanceOfSatisfying(Mqtt5DisconnectException.class, disconnect ->
                    assertThat(disconnect.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN));
            List<SessionState> states = kafka.awaitRecords(from,
                    record -> Streams.sessionKey("default", clientId).equals(record.key()), 2, Duration.ofSeconds(20))
                    .stream().map(record -> SessionCodec.decode(record.value()).state()).toList();
            assertThat(states).containsExactly(SessionState.CONNECTED, SessionState.ENDED);
            assertThatThrownBy(() -> RawMqttClient.open(port).close()).isInstanceOf(IOException.class);
        }
    }
}
