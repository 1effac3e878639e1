package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.Bystander;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.RawWebSocket;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * MQTT over WebSocket (MQTT 5 §6, MQTT 3.1.1 §6): real clients over {@code ws://.../mqtt}, and raw frames for the
 * rules of the transport itself. The test profile limits frames to 64 KiB.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class WebSocketListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};
    private static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
    private static final byte[] PINGRESP = {(byte) 0xD0, 0x00};

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void mqtt311PublishOverWebSocketIsOnThePublishStream() {
        String clientId = MqttClients.uniqueId("ws3");
        String topic = MqttClients.uniqueTopic("ws3");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt3BlockingClient client = MqttClients.hivemq3(wsPort(), clientId)
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                    .buildBlocking();
            client.connect();
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("21.5")).send();
            client.disconnect();

            ConsumerRecord<String, byte[]> record = kafka.awaitRecords(from,
                    r -> Streams.publishKey("default", topic).equals(r.key()), 1, WAIT).get(0);
            PublishEvent event = PublishCodec.decode(record.value());
            assertThat(event.clientId()).isEqualTo(clientId);
            assertThat(event.payload().toByteArray()).isEqualTo(bytes("21.5"));
        }
    }

    @Test
    void mqtt5SubscriberOverWebSocketReceivesDeliveries() throws Exception {
        String clientId = MqttClients.uniqueId("ws5");
        String topic = MqttClients.uniqueTopic("ws5");
        Mqtt5BlockingClient client = MqttClients.hivemq5(wsPort(), clientId)
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .buildBlocking();
        client.connect();
        try (Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            deliveries().live(TestDeliveries.publishEvent(topic, "over ws"), new Recipient(clientId, 2, false));

            Mqtt5Publish received = publishes.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getTopic().toString()).isEqualTo(topic);
            assertThat(received.getPayloadAsBytes()).isEqualTo(bytes("over ws"));
            assertThat(received.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void pahoMqtt311ClientConnectsAndPublishesOverWebSocket() throws Exception {
        MqttClient paho = new MqttClient("ws://127.0.0.1:" + wsPort() + "/mqtt", MqttClients.uniqueId("wspaho"),
                new MemoryPersistence());
        paho.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));
        try {
            // Blocks until PUBACK: the publish was handed off over the WebSocket connection.
            paho.publish(MqttClients.uniqueTopic("wspaho"), bytes("1"), 1, false);
            assertThat(paho.isConnected()).isTrue();
        } finally {
            paho.disconnect();
            paho.close();
        }
    }

    @Test
    void serverSelectsTheSubprotocolTheClientAskedFor() throws Exception {
        // [MQTT-6.0.0-4] the subprotocol selected and returned by the server is "mqtt"; mqttv3.1 is 3.1's name.
        try (RawWebSocket ws = RawWebSocket.open(wsPort(), "/mqtt", "mqtt")) {
            assertThat(ws.subprotocol()).isEqualTo("mqtt");
        }
        try (RawWebSocket ws = RawWebSocket.open(wsPort(), "/mqtt", "mqttv3.1")) {
            assertThat(ws.subprotocol()).isEqualTo("mqttv3.1");
        }
    }

    @Test
    void packetsAreNotAssumedToAlignWithFrames() throws Exception {
        // [MQTT-6.0.0-2] a frame can hold a part of a packet, or several packets.
        byte[] connect = RawMqttClient.connect311(MqttClients.uniqueId("wsframes"), 60);
        try (RawWebSocket ws = RawWebSocket.open(wsPort(), "/mqtt", "mqtt")) {
            ws.sendBinary(Arrays.copyOfRange(connect, 0, 5));
            ws.sendBinary(Arrays.copyOfRange(connect, 5, connect.length));
            assertThat(ws.awaitBytes(4)).isEqualTo(CONNACK_ACCEPTED);

            ws.sendBinary(concat(PINGREQ, PINGREQ));

            assertThat(ws.awaitBytes(8)).isEqualTo(concat(CONNACK_ACCEPTED, concat(PINGRESP, PINGRESP)));
        }
    }

    @Test
    void fragmentedBinaryMessageIsOneByteStream() throws Exception {
        byte[] connect = RawMqttClient.connect311(MqttClients.uniqueId("wsfragments"), 60);
        try (RawWebSocket ws = RawWebSocket.open(wsPort(), "/mqtt", "mqtt")) {
            ws.sendFragmented(Arrays.copyOfRange(connect, 0, 3), Arrays.copyOfRange(connect, 3, 10),
                    Arrays.copyOfRange(connect, 10, connect.length));

            assertThat(ws.awaitBytes(4)).isEqualTo(CONNACK_ACCEPTED);
        }
    }

    @Test
    void textFrameBeforeConnectClosesTheConnection() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(wsPort(), "/mqtt", "mqtt")) {
            ws.sendText("CONNECT");

            assertThat(ws.awaitClose()).isEqualTo(1003);
        }
    }

    @Test
    void textFrameClosesOnlyItsConnection() throws Exception {
        // [MQTT-6.0.0-1] MQTT packets travel in binary frames; any other data frame closes the connection.
        try (Bystander bystander = Bystander.connect(listener.actualPort());
                RawWebSocket ws = RawWebSocket.open(wsPort(), "/mqtt", "mqtt")) {
            ws.sendBinary(RawMqttClient.connect311(MqttClients.uniqueId("wstext"), 60));
            ws.awaitBytes(4);

            ws.sendText("{\"not\":\"mqtt\"}");

            assertThat(ws.awaitClose()).isEqualTo(1003);
            bystander.assertStillPublishes();
        }
    }

    @Test
    void frameAboveTheLimitIsClosedWithMessageTooBig() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(wsPort(), "/mqtt", "mqtt")) {
            ws.sendBinary(RawMqttClient.connect311(MqttClients.uniqueId("wsbig"), 60));
            ws.awaitBytes(4);

            ws.startSendingBinary(RawMqttClient.publish311(MqttClients.uniqueTopic("wsbig"), 0, 0, new byte[70_000]));

            assertThat(ws.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void upgradeOnAnotherPathIsRefused() {
        assertThatThrownBy(() -> RawWebSocket.open(wsPort(), "/other", "mqtt")).isNotNull();
    }

    @Test
    void plainHttpRequestGetsNotFoundAndOthersCarryOn() throws Exception {
        try (Bystander bystander = Bystander.connect(listener.actualPort())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + wsPort() + "/other")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("/mqtt");
            bystander.assertStillPublishes();
        }
    }

    private int wsPort() {
        return listener.actualPort(ListenerKind.WS);
    }

    private TestDeliveries deliveries() {
        return new TestDeliveries(bootstrapServers, identity.nodeId(), identity.deliveryStream());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
