package io.tsunagu.ingest.transport;

import static io.tsunagu.ingest.support.RawMqttClient.DISCONNECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

/** MQTT 5 Subscription Identifiers (§3.8.2.1.2): kept with the subscription, sent back on deliveries. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class SubscriptionIdentifierTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void subscriptionIdentifierIsGrantedAndKeptInTheSessionState() throws Exception {
        String clientId = MqttClients.uniqueId("subid");
        String filter = MqttClients.uniqueTopic("subid") + "/#";
        String key = Streams.sessionKey("default", clientId);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            raw.send(RawMqttClient.connect5(clientId, 60));
            raw.expect(RawMqttClient.CONNACK);

            // Property section: length 2, Subscription Identifier (0x0B) = 42.
            raw.send(RawMqttClient.subscribe(8, filter, 0x01, new byte[] {2, 0x0B, 42}));
            RawMqttClient.Packet suback = raw.expect(RawMqttClient.SUBACK);

            assertThat(suback.body()[suback.body().length - 1]).isEqualTo((byte) 0x01);
            SessionEvent state = SessionCodec.decode(kafka.awaitRecords(from, record -> key.equals(record.key()), 2,
                    WAIT).get(1).value());
            assertThat(state.subscriptions()).extracting(Subscription::filter, Subscription::subscriptionId)
                    .containsExactly(tuple(filter, 42));
        }
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("subid0"), 60));
            raw.expect(RawMqttClient.CONNACK);

            raw.send(RawMqttClient.subscribe(8, "a/b", 0x01, new byte[] {2, 0x0B, 0}));

            // MQTT 5 §3.8.2.1.2: "It is a Protocol Error if the Subscription Identifier has a value of 0."
            assertThat(raw.readUntilClosed(WAIT)).singleElement().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(DISCONNECT);
                assertThat(packet.reasonCode()).isEqualTo(0x82);
            });
        }
    }

    @Test
    void subscriptionIdentifiersOfTheRecipientArriveOnTheDelivery() throws Exception {
        String clientId = MqttClients.uniqueId("subidout");
        String topic = MqttClients.uniqueTopic("subidout");
        Queue<MqttMessage> received = new ConcurrentLinkedQueue<>();
        MqttClient client = MqttClients.paho5(listener.actualPort(), clientId);
        // Paho hands a message whose identifiers it did not assign itself to the client-wide callback.
        client.setCallback(new Collector(received));
        MqttConnectionOptions options = MqttClients.paho5Options();
        options.setUseSubscriptionIdentifiers(false);
        client.connect(options);
        client.subscribe(topic, 1);

        // One PUBLISH carrying the identifiers of every matching subscription [MQTT-3.3.4-3] [MQTT-3.3.4-5].
        new TestDeliveries(bootstrapServers, identity.nodeId(), identity.deliveryStream())
                .live(TestDeliveries.publishEvent(topic, "ids"), new Recipient(clientId, 1, false, List.of(3, 70_000)));

        await().atMost(WAIT).until(() -> !received.isEmpty());
        assertThat(received.peek().getProperties().getSubscriptionIdentifiers()).containsExactlyInAnyOrder(3, 70_000);
        client.disconnect();
        client.close();
    }

    /** Collects every message that reaches the client-wide callback. */
    private record Collector(Queue<MqttMessage> received) implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(message);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            // Not needed.
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // Not needed.
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Not needed.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // Not needed.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // Not needed.
        }
    }
}
