package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code tsunagu.ingest.mqtt.max-connections}: CONNECT beyond the limit is refused (here the limit is 2). */
@QuarkusTest
@TestProfile(ConnectionLimitTest.TwoConnections.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class ConnectionLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MqttListener listener;

    @Inject
    MeterRegistry meters;

    @Inject
    ConnectionRegistry registry;

    /** A node that allows two connections. */
    public static final class TwoConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tsunagu.ingest.mqtt.max-connections", "2");
        }
    }

    @BeforeEach
    void awaitNoConnection() {
        // The previous test's sockets are closed on the server asynchronously.
        await().atMost(WAIT).until(() -> registry.openCount() == 0);
    }

    @Test
    void mqtt5ConnectBeyondTheLimitIsRefusedWithQuotaExceededAndCounted() throws Exception {
        double before = refused();
        try (RawMqttClient first = connected(); RawMqttClient second = connected();
                RawMqttClient third = RawMqttClient.open(listener.actualPort())) {
            third.send(RawMqttClient.connect5(MqttClients.uniqueId("third"), 30));

            assertThat(third.expect(RawMqttClient.CONNACK).reasonCode()).isEqualTo(0x97);
            assertThat(third.readUntilClosed(WAIT)).isEmpty();
            assertThat(refused()).isEqualTo(before + 1);
        }
    }

    @Test
    void mqtt311ConnectBeyondTheLimitIsRefusedWithServerUnavailable() throws Exception {
        try (RawMqttClient first = connected(); RawMqttClient second = connected();
                RawMqttClient third = RawMqttClient.open(listener.actualPort())) {
            third.send(RawMqttClient.connect311(MqttClients.uniqueId("third3"), 30));

            assertThat(third.expect(RawMqttClient.CONNACK).reasonCode()).isEqualTo(0x03);
        }
    }

    @Test
    void aClosedConnectionFreesItsPlace() throws Exception {
        try (RawMqttClient first = connected()) {
            RawMqttClient second = connected();
            second.close();

            await().atMost(WAIT).untilAsserted(() -> {
                try (RawMqttClient next = RawMqttClient.open(listener.actualPort())) {
                    next.send(RawMqttClient.connect5(MqttClients.uniqueId("next"), 30));
                    assertThat(next.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
                }
            });
        }
    }

    private RawMqttClient connected() throws Exception {
        RawMqttClient raw = RawMqttClient.open(listener.actualPort());
        raw.send(RawMqttClient.connect5(MqttClients.uniqueId("slot"), 30));
        assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        return raw;
    }

    private double refused() {
        var counter = meters.find(IngestMetrics.CONNECTIONS_REFUSED).counter();
        return counter == null ? 0 : counter.count();
    }
}
