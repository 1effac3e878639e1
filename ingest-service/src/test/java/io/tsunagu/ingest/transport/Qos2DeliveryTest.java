package io.tsunagu.ingest.transport;

import static io.tsunagu.ingest.support.RawMqttClient.PINGRESP;
import static io.tsunagu.ingest.support.RawMqttClient.PUBLISH;
import static io.tsunagu.ingest.support.RawMqttClient.PUBREL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.RawMqttClient.Packet;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;

/** QoS 2 to a subscriber: PUBLISH, PUBREC, PUBREL, PUBCOMP within the in-flight window (MQTT 5 §4.3.3). */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class Qos2DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** CONNECT property Receive Maximum (0x21) = 1. */
    private static final byte[] RECEIVE_MAXIMUM_1 = {0x21, 0, 1};

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void qos2DeliveryReachesAHivemqMqtt5Subscriber() throws Exception {
        String clientId = MqttClients.uniqueId("hive2sub");
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
        client.connect();
        try (Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            deliveries().live(TestDeliveries.publishEvent(MqttClients.uniqueTopic("hive2sub"), "exactly once"),
                    new Recipient(clientId, 2, false));

            Mqtt5Publish received = publishes.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(received.getPayloadAsBytes()).isEqualTo(bytes("exactly once"));
        } finally {
            client.disconnect();
        }
    }

    @Test
    void qos2DeliveryReachesAHivemqMqtt311Subscriber() throws Exception {
        String clientId = MqttClients.uniqueId("hive32sub");
        Mqtt3BlockingClient client = MqttClients.hivemq3Blocking(listener.actualPort(), clientId);
        client.connect();
        try (Mqtt3Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            deliveries().live(TestDeliveries.publishEvent(MqttClients.uniqueTopic("hive32sub"), "to 3.1.1"),
                    new Recipient(clientId, 2, false));

            Mqtt3Publish received = publishes.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(received.getPayloadAsBytes()).isEqualTo(bytes("to 3.1.1"));
        } finally {
            client.disconnect();
        }
    }

    @Test
    void qos2DeliveriesReachAPahoMqtt311SubscriberInOrder() throws Exception {
        String clientId = MqttClients.uniqueId("paho2sub");
        String topic = MqttClients.uniqueTopic("paho2sub");
        Queue<MqttMessage> received = new ConcurrentLinkedQueue<>();
        MqttClient client = MqttClients.paho3(listener.actualPort(), clientId);
        client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));
        client.subscribe(topic, 2, (t, message) -> received.add(message));

        for (int i = 0; i < 3; i++) {
            deliveries().live(TestDeliveries.publishEvent(topic, "m" + i), new Recipient(clientId, 2, false));
        }

        await().atMost(WAIT).until(() -> received.size() == 3);
        assertThat(received).extracting(message -> new String(message.getPayload(), StandardCharsets.UTF_8))
                .containsExactly("m0", "m1", "m2");
        assertThat(received).extracting(MqttMessage::getQos).containsOnly(2);
        client.disconnect();
        client.close();
    }

    @Test
    void qos2DeliveryReachesAPahoMqtt5Subscriber() throws Exception {
        String clientId = MqttClients.uniqueId("paho52sub");
        String topic = MqttClients.uniqueTopic("paho52sub");
        Queue<org.eclipse.paho.mqttv5.common.MqttMessage> received = new ConcurrentLinkedQueue<>();
        org.eclipse.paho.mqttv5.client.MqttClient client = MqttClients.paho5(listener.actualPort(), clientId);
        client.connect(MqttClients.paho5Options());
        client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
            new org.eclipse.paho.mqttv5.common.MqttSubscription(topic, 2)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, message) -> received.add(message)});

        deliveries().live(TestDeliveries.publishEvent(topic, "paho 5"), new Recipient(clientId, 2, false));

        await().atMost(WAIT).until(() -> !received.isEmpty());
        assertThat(received.peek().getQos()).isEqualTo(2);
        client.disconnect();
        client.close();
    }

    @Test
    void qos2DeliveryHoldsItsPlaceInTheWindowUntilPubcomp() throws Exception {
        String clientId = MqttClients.uniqueId("flow2");
        String topic = MqttClients.uniqueTopic("flow2");
        try (RawMqttClient raw = connected5(clientId, RECEIVE_MAXIMUM_1)) {
            deliveries().send(List.of(delivery(topic, "first", clientId), delivery(topic, "second", clientId)));

            Packet first = raw.expect(PUBLISH);
            raw.send(RawMqttClient.pubrec(first.publishPacketId()));
            Packet pubrel = raw.expect(PUBREL);
            raw.send(RawMqttClient.pingreq());
            // [MQTT-3.3.4-9]: the client's Receive Maximum of 1 still holds the first message: no PUBLISH yet.
            raw.expect(PINGRESP);
            raw.send(RawMqttClient.pubcomp(first.publishPacketId()));
            Packet second = raw.expect(PUBLISH);

            assertThat(first.qos()).isEqualTo(2);
            // [MQTT-4.3.3-4] PUBREL for the PUBREC, with the fixed-header flags 0010 [MQTT-3.6.1-1].
            assertThat(pubrel.packetId()).isEqualTo(first.publishPacketId());
            assertThat(pubrel.flags()).isEqualTo(0x02);
            assertThat(second.topicName()).isEqualTo(topic);
        }
    }

    @Test
    void pubrecWithAnErrorCodeEndsTheFlowWithoutPubrel() throws Exception {
        String clientId = MqttClients.uniqueId("rec80");
        String topic = MqttClients.uniqueTopic("rec80");
        try (RawMqttClient raw = connected5(clientId, RECEIVE_MAXIMUM_1)) {
            deliveries().send(List.of(delivery(topic, "refused", clientId), delivery(topic, "next", clientId)));

            Packet refused = raw.expect(PUBLISH);
            raw.send(RawMqttClient.pubrec5(refused.publishPacketId(), 0x80));

            // MQTT 5 §4.3.3: a PUBREC >= 0x80 ends the flow and frees the window: the next PUBLISH comes.
            Packet next = raw.expect(PUBLISH);
            assertThat(next.qos()).isEqualTo(2);
        }
    }

    @Test
    void pubrecForAnUnknownPacketIdentifierIsAnsweredWithPubrelNotFound() throws Exception {
        try (RawMqttClient raw = connected5(MqttClients.uniqueId("rec92"), new byte[0])) {
            raw.send(RawMqttClient.pubrec(77));

            Packet pubrel = raw.expect(PUBREL);

            // MQTT 5 §3.6.2.1: 0x92 Packet Identifier not found.
            assertThat(pubrel.packetId()).isEqualTo(77);
            assertThat(pubrel.reasonCode()).isEqualTo(0x92);
        }
    }

    private DeliveryEvent delivery(String topic, String payload, String clientId) {
        return new DeliveryEvent(identity.nodeId(), List.of(new Recipient(clientId, 2, false)),
                TestDeliveries.publishEvent(topic, payload));
    }

    private TestDeliveries deliveries() {
        return new TestDeliveries(bootstrapServers, identity.nodeId(), identity.deliveryStream());
    }

    private RawMqttClient connected5(String clientId, byte[] properties) throws Exception {
        RawMqttClient raw = RawMqttClient.open(listener.actualPort());
        raw.send(RawMqttClient.connect5WithProperties(clientId, 60, properties));
        assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        return raw;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
