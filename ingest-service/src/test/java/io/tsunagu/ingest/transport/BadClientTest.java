package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Misbehaving peers on raw sockets (as vertx-mqtt's MqttServerBadClientTest): each costs its own connection only.
 * The malformed packets the spec names, one by one, are in the {@code Malformed*Test} classes.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class BadClientTest {

    private static final Duration CLOSE = Duration.ofSeconds(10);

    /** CONNECT whose Remaining Length runs over four bytes: malformed (MQTT 5 §1.5.5). */
    private static final byte[] GARBAGE_CONNECT = {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};

    @Inject
    MqttListener listener;

    @Test
    void malformedConnectClosesOnlyThatConnectionWhileAnotherClientKeepsPublishing() throws Exception {
        Mqtt5BlockingClient publisher = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("ok"));
        publisher.connect();
        Mqtt5AsyncClient async = publisher.toAsync();
        String topic = MqttClients.uniqueTopic("steady");
        List<CompletableFuture<Mqtt5PublishResult>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            results.add(async.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).send());
            if (i == 50) {
                assertClosedWithoutAnswer(GARBAGE_CONNECT);
            }
        }

        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(results).allSatisfy(result -> assertThat(result.get().getError()).isEmpty());
        assertThat(publisher.getState().isConnected()).isTrue();
        publisher.disconnect();
    }

    @Test
    void pingreqIsAnsweredWithPingresp() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect311(MqttClients.uniqueId("ping"), 60));
            raw.expect(RawMqttClient.CONNACK);

            raw.send(RawMqttClient.pingreq());

            assertThat(raw.expect(RawMqttClient.PINGRESP).body()).isEmpty();
        }
    }

    @Test
    void silentMqtt311ClientIsClosedAfterOneAndAHalfKeepAlives() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect311(MqttClients.uniqueId("silent3"), 1));
            raw.expect(RawMqttClient.CONNACK);
            long start = System.nanoTime();

            assertThat(raw.readUntilClosed(CLOSE)).isEmpty();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1300),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void clientThatPingsStaysConnectedLongAfterItsKeepAlive() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("pings"));
        // The client sends PINGREQ after each second without traffic; the server would close it after 1.5 s of silence.
        client.connectWith().keepAlive(1).send();

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> client.getState().isConnected());
        client.disconnect();
    }

    @Test
    void silentMqtt5ClientGetsDisconnectKeepAliveTimeout() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("silent5"), 1));
            raw.expect(RawMqttClient.CONNACK);

            assertThat(raw.readUntilClosed(CLOSE)).singleElement().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(RawMqttClient.DISCONNECT);
                assertThat(packet.reasonCode()).isEqualTo(0x8D);
            });
        }
    }

    private void assertClosedWithoutAnswer(byte[] bytes) throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(bytes);

            assertThat(raw.readUntilClosed(CLOSE)).isEmpty();
        }
    }
}
