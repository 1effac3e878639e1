package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.UserProperty;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;

/** Deliveries produced to this node's delivery stream reach the recipients connected here. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void qos1DeliveryReachesAnMqtt5SubscriberWithExactPayloadPropertiesAndRetainZero() throws Exception {
        String clientId = MqttClients.uniqueId("sub5");
        String topic = MqttClients.uniqueTopic("deliver") + "/a";
        byte[] payload = new byte[3000];
        new Random(7).nextBytes(payload);
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
        client.connect();
        try (Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            PublishEvent publish = publishEvent(topic, payload, richProperties());

            deliver(publish, new Recipient(clientId, 1, false));

            Mqtt5Publish received = publishes.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getTopic().toString()).isEqualTo(topic);
            assertThat(received.getPayloadAsBytes()).isEqualTo(payload);
            assertThat(received.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(received.isRetain()).isFalse();
            assertThat(received.getContentType().map(Object::toString)).contains("text/csv");
            assertThat(received.getCorrelationData()).contains(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(received.getMessageExpiryInterval()).isPresent();
            assertThat(received.getMessageExpiryInterval().getAsLong()).isBetween(590L, 600L);
            assertThat(received.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("b=2", "a=1");
        } finally {
            client.disconnect();
        }
    }

    @Test
    void retainAsPublishedKeepsTheRetainFlag() throws Exception {
        String clientId = MqttClients.uniqueId("rap");
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
        client.connect();
        try (Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            deliver(publishEvent(MqttClients.uniqueTopic("rap"), bytes("r"), MessageProperties.none()),
                    new Recipient(clientId, 0, true));

            Mqtt5Publish received = publishes.receive(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
            assertThat(received.isRetain()).isTrue();
            assertThat(received.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void qos0DeliveryReachesAPahoMqtt311Subscriber() throws Exception {
        String clientId = MqttClients.uniqueId("paho3sub");
        String topic = MqttClients.uniqueTopic("paho3sub");
        Queue<MqttMessage> received = new ConcurrentLinkedQueue<>();
        MqttClient client = MqttClients.paho3(listener.actualPort(), clientId);
        client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));
        client.subscribe(topic + "/#", 1, (t, message) -> received.add(message));

        deliver(publishEvent(topic + "/x", bytes("hello paho"), MessageProperties.none()),
                new Recipient(clientId, 0, false));

        await().atMost(WAIT).until(() -> !received.isEmpty());
        assertThat(received.peek().getPayload()).isEqualTo(bytes("hello paho"));
        assertThat(received.peek().getQos()).isZero();
        client.disconnect();
        client.close();
    }

    @Test
    void qos1DeliveryReachesAPahoMqtt5Subscriber() throws Exception {
        String clientId = MqttClients.uniqueId("paho5sub");
        String topic = MqttClients.uniqueTopic("paho5sub");
        Queue<org.eclipse.paho.mqttv5.common.MqttMessage> received = new ConcurrentLinkedQueue<>();
        org.eclipse.paho.mqttv5.client.MqttClient client = MqttClients.paho5(listener.actualPort(), clientId);
        client.connect(MqttClients.paho5Options());
        client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
            new org.eclipse.paho.mqttv5.common.MqttSubscription(topic, 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, message) -> received.add(message)});

        deliver(publishEvent(topic, bytes("hello paho 5"), MessageProperties.none()), new Recipient(clientId, 1, false));

        await().atMost(WAIT).until(() -> !received.isEmpty());
        assertThat(received.peek().getPayload()).isEqualTo(bytes("hello paho 5"));
        assertThat(received.peek().getQos()).isEqualTo(1);
        client.disconnect();
        client.close();
    }

    @Test
    void subscriberReceiveMaximumBoundsUnacknowledgedDeliveries() throws Exception {
        String clientId = MqttClients.uniqueId("flow");
        String topic = MqttClients.uniqueTopic("flow");
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add, true);
        client.connectWith().restrictions().receiveMaximum(2).applyRestrictions().send();
        for (int i = 0; i < 5; i++) {
            deliver(publishEvent(topic, bytes("m" + i), MessageProperties.none()), new Recipient(clientId, 1, false));
        }

        await().atMost(WAIT).during(Duration.ofMillis(700)).until(() -> received.size() == 2);
        received.forEach(Mqtt5Publish::acknowledge);

        await().atMost(WAIT).until(() -> received.size() == 4);
        assertThat(received).extracting(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))
                .containsExactly("m0", "m1", "m2", "m3");
        received.stream().skip(2).forEach(Mqtt5Publish::acknowledge);
        await().atMost(WAIT).until(() -> received.size() == 5);
        client.disconnect();
    }

    @Test
    void slowSubscriberGetsEveryQos1MessageEvenBeyondItsQueue() throws Exception {
        String clientId = MqttClients.uniqueId("slow");
        String topic = MqttClients.uniqueTopic("slow");
        int count = 60;
        double droppedBefore = dropped("queue-full");
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        AtomicBoolean acking = new AtomicBoolean();
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> {
            received.add(publish);
            if (acking.get()) {
                publish.acknowledge();
            }
        }, true);
        client.connectWith().restrictions().receiveMaximum(2).applyRestrictions().send();

        // 60 messages for a window of 2 and a queue of 20 (test profile): the stream must wait, not drop.
        deliverAll(topic, clientId, count);
        await().atMost(WAIT).during(Duration.ofMillis(500)).until(() -> received.size() == 2);
        acking.set(true);
        received.forEach(Mqtt5Publish::acknowledge);

        await().atMost(WAIT).until(() -> received.size() == count);
        assertThat(received).extracting(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "m" + i).toList());
        assertThat(dropped("queue-full")).isEqualTo(droppedBefore);
        client.disconnect();
    }

    @Test
    void stuckSubscriberLosesOnlyItsOwnMessagesAfterTheQueueWait() throws Exception {
        String stuckId = MqttClients.uniqueId("stuck");
        Mqtt5BlockingClient stuck = MqttClients.hivemq5Blocking(listener.actualPort(), stuckId);
        stuck.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> { }, true);
        stuck.connectWith().restrictions().receiveMaximum(2).applyRestrictions().send();
        String otherId = MqttClients.uniqueId("other");
        Mqtt5BlockingClient other = MqttClients.hivemq5Blocking(listener.actualPort(), otherId);
        other.connect();
        double droppedBefore = dropped("queue-full");

        try (Mqtt5Publishes publishes = other.publishes(MqttGlobalPublishFilter.ALL)) {
            // Window 2 + queue 20 (test profile): the 23rd message waits 2 s for room, then the rest drop at once.
            deliverAll(MqttClients.uniqueTopic("stuck"), stuckId, 40);
            deliver(publishEvent(MqttClients.uniqueTopic("other"), bytes("still flowing"), MessageProperties.none()),
                    new Recipient(otherId, 1, false));

            Optional<Mqtt5Publish> delivered = publishes.receive(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(delivered).hasValueSatisfying(p -> assertThat(p.getPayloadAsBytes())
                    .isEqualTo(bytes("still flowing")));
            await().atMost(WAIT).until(() -> dropped("queue-full") == droppedBefore + 18);
        } finally {
            stuck.disconnect();
            other.disconnect();
        }
    }

    @Test
    void expiredMessageIsNotDelivered() throws Exception {
        String clientId = MqttClients.uniqueId("expired");
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
        client.connect();
        try (Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            MessageProperties tenSeconds = new MessageProperties(OptionalInt.empty(), OptionalLong.of(10), null, null,
                    null, List.of());
            PublishEvent stale = new PublishEvent(MessageIds.next(0), "default", "publisher", "other-node",
                    MqttClients.uniqueTopic("expired"), 1, false, Instant.now().minusSeconds(60), tenSeconds,
                    Payload.utf8("stale"));
            deliver(stale, new Recipient(clientId, 1, false));
            deliver(publishEvent(MqttClients.uniqueTopic("fresh"), bytes("fresh"), tenSeconds),
                    new Recipient(clientId, 1, false));

            Optional<Mqtt5Publish> first = publishes.receive(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(first).hasValueSatisfying(p -> assertThat(p.getPayloadAsBytes()).isEqualTo(bytes("fresh")));
        } finally {
            client.disconnect();
        }
    }

    @Test
    void deliveryForAClientNotConnectedHereIsCountedAsDropped() throws Exception {
        double before = droppedNotConnected();

        deliver(publishEvent(MqttClients.uniqueTopic("gone"), bytes("nobody"), MessageProperties.none()),
                new Recipient(MqttClients.uniqueId("gone"), 1, false));

        await().atMost(WAIT).until(() -> droppedNotConnected() >= before + 1);
    }

    private double droppedNotConnected() {
        return dropped("not-connected");
    }

    private double dropped(String reason) {
        var counter = meters.find(IngestMetrics.MESSAGES_DROPPED).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Produces {@code count} deliveries "m0", "m1", ... for {@code clientId} in one go, in order. */
    private void deliverAll(String topic, String clientId, int count) throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            for (int i = 0; i < count; i++) {
                PublishEvent publish = publishEvent(topic, bytes("m" + i), MessageProperties.none());
                kafka.send(identity.deliveryStream(), Streams.publishKey(publish.tenant(), topic),
                        DeliveryCodec.encode(new DeliveryEvent(identity.nodeId(),
                                List.of(new Recipient(clientId, 1, false)), publish)));
            }
        }
    }

    private void deliver(PublishEvent publish, Recipient recipient) throws Exception {
        byte[] record = DeliveryCodec.encode(new DeliveryEvent(identity.nodeId(), List.of(recipient), publish));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            kafka.send(identity.deliveryStream(), Streams.publishKey(publish.tenant(), publish.topic()), record);
        }
    }

    private static PublishEvent publishEvent(String topic, byte[] payload, MessageProperties properties) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new PublishEvent(MessageIds.next(now.toEpochMilli()), "default", "publisher", "other-node", topic, 1,
                true, now, properties, Payload.wrap(payload));
    }

    private static MessageProperties richProperties() {
        return new MessageProperties(OptionalInt.of(0), OptionalLong.of(600), "text/csv", "replies/x",
                Payload.wrap(new byte[] {1, 2, 3}), List.of(new UserProperty("b", "2"), new UserProperty("a", "1")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
