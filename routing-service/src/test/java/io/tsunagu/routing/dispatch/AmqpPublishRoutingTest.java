package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.contracts.amqp.QueueMessage;
import io.tsunagu.contracts.codec.AmqpDeliveryCodec;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.codec.QueueMessageCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.event.UserProperty;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.amqp.topology.TopologyWriter;
import io.tsunagu.routing.dispatch.AmqpPublishes.Target;
import io.tsunagu.routing.session.ClientKey;
import io.tsunagu.routing.session.SessionTable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AMQP routing end to end against the real local Kafka: topology records written as storage writes them, AMQP and
 * MQTT publish records as ingest writes them; the queue stream and the publisher's delivery stream read as queue
 * owners and ingest nodes read them. Every test has its own vhost (tenant) and node ids. The topology changes are
 * acknowledged before the publish is written, as ingest answers declare-ok and bind-ok only then: routing must apply
 * them first.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class AmqpPublishRoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    SessionTable table;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private StreamClients streams;
    private TopologyWriter storage;
    private AmqpPublishes amqp;
    private String run;
    private String vhost;
    private String publisherNode;
    private ChannelRef channel;

    @BeforeEach
    void openClients() {
        streams = new StreamClients(bootstrapServers);
        storage = new TopologyWriter(bootstrapServers);
        amqp = new AmqpPublishes(bootstrapServers);
        run = UUID.randomUUID().toString().substring(0, 8);
        vhost = "vhost-" + run;
        publisherNode = node("publisher");
        channel = new ChannelRef(publisherNode, "conn-" + run, 1);
    }

    @AfterEach
    void closeClients() {
        amqp.close();
        storage.close();
        streams.close();
    }

    private String node(String name) {
        String nodeId = "amqp-routing-" + run + "-" + name;
        streams.createDeliveryStream(nodeId);
        return nodeId;
    }

    private AmqpPublishEvent publish(Target target, String body) {
        return AmqpPublishes.event(vhost, channel, target, body);
    }

    /** The queue's records, read until one is the copy of {@code messageId}. */
    private List<QueueMessage> readQueue(String queue, UUID messageId) {
        return streams.readUntil(Streams.QUEUE, Streams.queueKey(vhost, queue),
                        record -> QueueMessageCodec.decode(record.value()).messageId().equals(messageId))
                .stream()
                .map(record -> QueueMessageCodec.decode(record.value()))
                .toList();
    }

    private List<AmqpDelivery> readAnswers(String nodeId, int count) {
        return streams.readDeliveries(nodeId, count).stream()
                .map(record -> AmqpDeliveryCodec.decode(record.value()))
                .toList();
    }

    /** AmqpMessage holds its properties as an array, which records compare by identity. */
    private static void assertSameMessage(AmqpMessage actual, AmqpMessage expected) {
        assertThat(actual.exchange()).isEqualTo(expected.exchange());
        assertThat(actual.routingKey()).isEqualTo(expected.routingKey());
        assertThat(actual.properties()).isEqualTo(expected.properties());
        assertThat(actual.body()).isEqualTo(expected.body());
    }

    @Test
    void publishToADirectExchangeGoesToEveryQueueBoundWithItsKey() {
        storage.exchange(vhost, "orders", "direct", Map.of());
        storage.queue(vhost, "billing", Map.of());
        storage.queue(vhost, "shipping", Map.of());
        storage.queue(vhost, "returns", Map.of());
        storage.bindQueue(vhost, "orders", "billing", "new");
        storage.bindQueue(vhost, "orders", "shipping", "new");
        storage.bindQueue(vhost, "orders", "returns", "returned");
        AmqpPublishEvent event = publish(Target.to("orders", "new"), "order 1");

        DeliverySource source = amqp.send(event);

        for (String queue : List.of("billing", "shipping")) {
            assertThat(readQueue(queue, event.messageId())).singleElement().satisfies(copy -> {
                assertThat(copy.vhost()).isEqualTo(vhost);
                assertThat(copy.queue()).isEqualTo(queue);
                assertThat(copy.source()).isEqualTo(source);
                assertSameMessage(copy.message(), event.message());
                assertThat(copy.enqueuedAt()).isAfterOrEqualTo(event.receivedAt());
            });
        }
        assertThat(streams.readToEnd(Streams.QUEUE, Streams.queueKey(vhost, "returns"))).isEmpty();
    }

    @Test
    void publishToTheDefaultExchangeGoesToTheQueueNamedByItsKey() {
        storage.queue(vhost, "tasks", Map.of());
        AmqpPublishEvent event = publish(Target.to("", "tasks"), "task");

        DeliverySource source = amqp.send(event);

        assertThat(readQueue("tasks", event.messageId()))
                .singleElement()
                .satisfies(copy -> assertThat(copy.source()).isEqualTo(source));
    }

    @Test
    void mandatoryUnroutablePublishIsReturnedThenConfirmed() {
        AmqpPublishEvent event = publish(Target.to("amq.direct", "nobody").asMandatory().confirmedAs(7), "lost");

        amqp.send(event);

        List<AmqpDelivery> answers = readAnswers(publisherNode, 2);
        assertThat(answers).extracting(AmqpDelivery::kind)
                .containsExactly(AmqpDeliveryKind.RETURN, AmqpDeliveryKind.OUTCOME);
        assertThat(answers.get(0).reply()).isEqualTo(new AmqpDelivery.Reply(312, "NO_ROUTE"));
        assertThat(answers.get(0).requestId()).isEqualTo(7);
        assertThat(answers.get(0).channel()).isEqualTo(channel);
        assertSameMessage(answers.get(0).message(), event.message());
        assertThat(answers.get(1)).isEqualTo(AmqpDelivery.outcome(channel, 7));
    }

    @Test
    void publishToAMissingExchangeIsUnroutable() {
        AmqpPublishEvent event = publish(Target.to("deleted-meanwhile", "k").asMandatory().confirmedAs(3), "x");

        amqp.send(event);

        assertThat(readAnswers(publisherNode, 2)).extracting(AmqpDelivery::kind)
                .containsExactly(AmqpDeliveryKind.RETURN, AmqpDeliveryKind.OUTCOME);
    }

    @Test
    void routedConfirmedPublishGetsOnlyItsOutcomeOnceInTheQueue() {
        storage.queue(vhost, "confirmed", Map.of());
        AmqpPublishEvent event = publish(Target.to("", "confirmed").asMandatory().confirmedAs(11), "safe");

        amqp.send(event);

        assertThat(readAnswers(publisherNode, 1)).containsExactly(AmqpDelivery.outcome(channel, 11));
        assertThat(readQueue("confirmed", event.messageId())).hasSize(1);
    }

    @Test
    void answersOfOneChannelKeepThePublishOrder() {
        storage.queue(vhost, "ordered", Map.of());
        int publishes = 30;
        List<AmqpDelivery> expected = new ArrayList<>();
        for (int seq = 1; seq <= publishes; seq++) {
            boolean routed = seq % 3 != 0;
            AmqpPublishEvent event = publish(Target.to("", routed ? "ordered" : "missing-queue").asMandatory()
                    .confirmedAs(seq), "m" + seq);
            if (!routed) {
                expected.add(AmqpDelivery.returned(channel, seq, AmqpPublishRouting.NO_ROUTE, event.message()));
            }
            expected.add(AmqpDelivery.outcome(channel, seq));
            amqp.send(event);
        }

        List<AmqpDelivery> answers = readAnswers(publisherNode, expected.size());

        assertThat(answers).extracting(AmqpDelivery::kind, AmqpDelivery::requestId)
                .containsExactlyElementsOf(expected.stream()
                        .map(answer -> tuple(answer.kind(), answer.requestId()))
                        .toList());
    }

    @Test
    void unroutablePublishWithoutMandatoryOrConfirmGetsNoAnswer() {
        amqp.send(publish(Target.to("amq.direct", "nobody"), "dropped"));
        AmqpPublishEvent marker = publish(Target.to("amq.direct", "nobody").confirmedAs(1), "marker");
        amqp.sendToPartition(0, publish(Target.to("amq.direct", "nobody"), "dropped too"));
        amqp.sendToPartition(0, marker);

        assertThat(readAnswers(publisherNode, 1)).containsExactly(AmqpDelivery.outcome(channel, 1));
    }

    @Test
    void exchangeToExchangeAndAlternateBindingsAreFollowed() {
        storage.exchange(vhost, "ae", "fanout", Map.of());
        storage.exchange(vhost, "front", "topic", Map.of("alternate-exchange", "ae"));
        storage.exchange(vhost, "inner", "direct", Map.of());
        storage.queue(vhost, "inner-q", Map.of());
        storage.queue(vhost, "unrouted", Map.of());
        storage.binding(vhost, TopologyWriter.Bind.exchange("front", "inner", "a.*"));
        storage.bindQueue(vhost, "inner", "inner-q", "a.b");
        storage.bindQueue(vhost, "ae", "unrouted", "");
        AmqpPublishEvent bound = publish(Target.to("front", "a.b"), "bound");
        AmqpPublishEvent other = publish(Target.to("front", "z"), "other");

        amqp.send(bound);
        amqp.send(other);

        assertThat(readQueue("inner-q", bound.messageId())).hasSize(1);
        assertThat(readQueue("unrouted", other.messageId()))
                .extracting(QueueMessage::messageId)
                .containsExactly(other.messageId());
    }

    @Test
    void headersExchangeMatchesTheMessageHeaders() {
        storage.queue(vhost, "pdfs", Map.of());
        storage.binding(vhost, new TopologyWriter.Bind("amq.headers", "queue", "pdfs", "",
                Map.of("x-match", "all", "format", "pdf")));
        BasicProperties pdf = BasicProperties.EMPTY.withHeaders(Map.of("format", "pdf", "pages", 3));
        AmqpPublishEvent event = publish(Target.to("amq.headers", "").with(pdf), "document");

        amqp.send(event);

        assertThat(readQueue("pdfs", event.messageId())).hasSize(1);
    }

    @Test
    void mqttPublishReachesAQueueBoundToAmqTopic() {
        storage.queue(vhost, "telemetry", Map.of());
        storage.bindQueue(vhost, "amq.topic", "telemetry", "sensors.*.temp");
        PublishEvent mqtt = new PublishEvent(UUID.randomUUID(), vhost, "device-1", "ingest-test", "sensors/s1/temp",
                1, false, Instant.now().truncatedTo(ChronoUnit.MICROS),
                new MessageProperties(OptionalInt.empty(), OptionalLong.empty(), "application/json", null, null,
                        List.of(new UserProperty("site", "plant-7"))),
                Payload.utf8("{\"t\":21.5}"));

        DeliverySource source = streams.sendPublish(mqtt);

        assertThat(readQueue("telemetry", mqtt.messageId())).singleElement().satisfies(copy -> {
            assertThat(copy.source()).isEqualTo(source);
            assertThat(copy.message().exchange()).isEqualTo("amq.topic");
            assertThat(copy.message().routingKey()).isEqualTo("sensors.s1.temp");
            assertThat(copy.message().body()).isEqualTo(mqtt.payload());
            BasicProperties properties = BasicPropertiesCodec.decode(copy.message().properties());
            assertThat(properties.deliveryMode()).isEqualTo(BasicProperties.PERSISTENT);
            assertThat(properties.contentType()).isEqualTo("application/json");
            assertThat(properties.headers())
                    .containsEntry("x-mqtt-publish-qos", (byte) 1)
                    .containsEntry("site", LongString.of("plant-7"));
        });
    }

    @Test
    void mqttTopicWithADotInALevelReachesAmqpAsRabbitMqsPluginSendsIt() {
        // rabbitmq-reference.md §i: sensors/s.1/temp -> key sensors.s.1.temp (the dot is not escaped).
        storage.queue(vhost, "four-words", Map.of());
        storage.bindQueue(vhost, "amq.topic", "four-words", "sensors.*.*.temp");
        PublishEvent dotted = StreamClients.publishEvent(vhost, "sensors/s.1/temp", 0, Payload.utf8("dotted"));
        PublishEvent plain = StreamClients.publishEvent(vhost, "sensors/s2/temp", 0, Payload.utf8("plain"));

        streams.sendToPartition(0, PublishCodec.encode(plain));
        streams.sendToPartition(0, PublishCodec.encode(dotted));

        assertThat(readQueue("four-words", dotted.messageId()))
                .singleElement()
                .satisfies(copy -> assertThat(copy.message().routingKey()).isEqualTo("sensors.s.1.temp"));
    }

    @Test
    void amqpPublishToAmqTopicReachesMatchingMqttSubscribers() {
        String subscriberNode = node("subscriber");
        ClientKey client = new ClientKey(vhost, "dashboard");
        Subscription subscription = Subscription.of("a/+/c", 1);
        streams.send(new SessionEvent(vhost, client.clientId(), subscriberNode, System.currentTimeMillis(),
                SessionState.CONNECTED, List.of(subscription)));
        await().atMost(WAIT).until(() -> table.session(client).isPresent());
        BasicProperties persistent = BasicProperties.EMPTY.withDeliveryMode(BasicProperties.PERSISTENT)
                .withContentType("text/plain");
        AmqpPublishEvent event = publish(Target.to("amq.topic", "a.b.c").asMandatory().confirmedAs(5).with(persistent),
                "from amqp");

        DeliverySource source = amqp.send(event);

        List<ConsumerRecord<String, byte[]>> records = streams.readDeliveries(subscriberNode, 1);
        DeliveryEvent delivery = DeliveryCodec.decode(records.getFirst().value());
        assertThat(delivery.recipients()).containsExactly(new Recipient("dashboard", 1, false));
        assertThat(delivery.kind()).isEqualTo(DeliveryKind.LIVE);
        assertThat(delivery.source()).isEqualTo(source);
        assertThat(delivery.publish().topic()).isEqualTo("a/b/c");
        assertThat(delivery.publish().qos()).isEqualTo(1);
        assertThat(delivery.publish().tenant()).isEqualTo(vhost);
        assertThat(delivery.publish().messageId()).isEqualTo(event.messageId());
        assertThat(delivery.publish().payload()).isEqualTo(Payload.utf8("from amqp"));
        assertThat(delivery.publish().properties().contentType()).isEqualTo("text/plain");
        // An MQTT subscriber counts as a route: confirmed, not returned.
        assertThat(readAnswers(publisherNode, 1)).containsExactly(AmqpDelivery.outcome(channel, 5));
    }
}
