package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live deliveries are deduplicated per connection by their publish-stream position (partition and offset), so a
 * stretch that routing sends again after a crash reaches a subscriber once; retained deliveries carry RETAIN 1.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class DeliveryDedupTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(1500);

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @Test
    void liveDeliveryRepeatedFromTheSamePositionIsDroppedAndCounted() throws Exception {
        String clientId = MqttClients.uniqueId("dedup");
        String topic = MqttClients.uniqueTopic("dedup");
        Queue<Mqtt5Publish> received = subscriber(clientId);
        double before = dropped("duplicate");

        deliveries().live(message(topic, "first"), recipient(clientId), new DeliverySource(0, 100));
        deliveries().live(message(topic, "again"), recipient(clientId), new DeliverySource(0, 100));
        deliveries().live(message(topic, "older"), recipient(clientId), new DeliverySource(0, 99));
        deliveries().live(message(topic, "next"), recipient(clientId), new DeliverySource(0, 101));

        await().atMost(WAIT).until(() -> received.size() >= 2);
        await().during(QUIET).atMost(WAIT).until(() -> received.size() == 2);
        assertThat(received).extracting(DeliveryDedupTest::payload).containsExactly("first", "next");
        assertThat(dropped("duplicate")).isEqualTo(before + 2);
    }

    @Test
    void partitionsAreDeduplicatedIndependently() throws Exception {
        String clientId = MqttClients.uniqueId("parts");
        String topic = MqttClients.uniqueTopic("parts");
        Queue<Mqtt5Publish> received = subscriber(clientId);

        deliveries().live(message(topic, "p1"), recipient(clientId), new DeliverySource(1, 500));
        deliveries().live(message(topic, "p2"), recipient(clientId), new DeliverySource(2, 7));

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(received).extracting(DeliveryDedupTest::payload).containsExactly("p1", "p2");
    }

    @Test
    void liveDeliveriesWithoutAPositionAreNotDeduplicated() throws Exception {
        String clientId = MqttClients.uniqueId("nopos");
        String topic = MqttClients.uniqueTopic("nopos");
        Queue<Mqtt5Publish> received = subscriber(clientId);

        deliveries().live(message(topic, "a"), recipient(clientId), DeliverySource.none());
        deliveries().live(message(topic, "a"), recipient(clientId), DeliverySource.none());

        await().atMost(WAIT).until(() -> received.size() == 2);
    }

    @Test
    void retainedDeliveryHasRetainOneAndIsNotDeduplicated() throws Exception {
        String clientId = MqttClients.uniqueId("ret");
        String topic = MqttClients.uniqueTopic("ret");
        Queue<Mqtt5Publish> received = subscriber(clientId);
        deliveries().live(message(topic, "live"), recipient(clientId), new DeliverySource(3, 10));

        deliveries().retained(message(topic, "retained"), recipient(clientId));
        deliveries().retained(message(topic, "retained"), recipient(clientId));

        // MQTT 5 §3.3.1.3: a retained message sent for a new subscription has RETAIN 1; live ones have 0.
        await().atMost(WAIT).until(() -> received.size() == 3);
        assertThat(received).extracting(Mqtt5Publish::isRetain).containsExactly(false, true, true);
    }

    @Test
    void retainedDeliveryToAnMqtt311SubscriberHasRetainOne() throws Exception {
        String clientId = MqttClients.uniqueId("ret3");
        String topic = MqttClients.uniqueTopic("ret3");
        Queue<MqttMessage> received = new ConcurrentLinkedQueue<>();
        MqttClient client = MqttClients.paho3(listener.actualPort(), clientId);
        client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));
        client.subscribe(topic, 1, (t, message) -> received.add(message));

        deliveries().retained(message(topic, "retained"), new Recipient(clientId, 1, false));

        // [MQTT-3.3.1-8]
        await().atMost(WAIT).until(() -> !received.isEmpty());
        assertThat(received.peek().isRetained()).isTrue();
        client.disconnect();
        client.close();
    }

    @AfterEach
    void disconnect() {
        clients.forEach(Mqtt5BlockingClient::disconnect);
        clients.clear();
    }

    private Queue<Mqtt5Publish> subscriber(String clientId) {
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add);
        client.connect();
        clients.add(client);
        return received;
    }

    private static PublishEvent message(String topic, String payload) {
        return TestDeliveries.publishEvent(topic, payload);
    }

    private static Recipient recipient(String clientId) {
        return new Recipient(clientId, 1, false);
    }

    private TestDeliveries deliveries() {
        return new TestDeliveries(bootstrapServers, identity.nodeId(), identity.deliveryStream());
    }

    private double dropped(String reason) {
        var counter = meters.find(IngestMetrics.MESSAGES_DROPPED).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String payload(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }
}
