package io.tsunagu.routing.amqp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.amqp.queue.QueueStreams.NodeReader;
import io.tsunagu.routing.amqp.topology.QueueDirectory;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stage 2 in the queue owner against the real local Kafka: TTLs, length limits with both overflow behaviours, and
 * dead-lettering, whose republished AmqpPublishEvent is read from tsunagu.publish with its x-death header.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class QueueLimitsTest {

    private static final String DLX = "x-dead-letter-exchange";
    private static final String DLX_KEY = "x-dead-letter-routing-key";

    @Inject
    QueueDirectory directory;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private QueueStreams streams;
    private String run;
    private String vhost;
    private long nextSource;
    private long nextRequest;
    private NodeReader node;
    private ChannelRef channel;

    @BeforeEach
    void openClients() {
        streams = new QueueStreams(bootstrapServers);
        streams.createQueueStreams();
        run = UUID.randomUUID().toString().substring(0, 8);
        vhost = "limits-" + run;
        String nodeId = "limits-test-" + run;
        streams.createDeliveryStream(nodeId);
        node = streams.node(nodeId);
        channel = new ChannelRef(nodeId, "conn", 1);
    }

    @AfterEach
    void closeClients() {
        node.close();
        streams.close();
    }

    private String declare(String name, Map<String, Object> arguments) {
        streams.declareQueue(vhost, name, arguments);
        QueueStreams.waiting().until(() -> directory.queue(vhost, name).isPresent());
        return name;
    }

    private long publish(String queue) {
        return streams.publish(vhost, queue, new DeliverySource(0, nextSource++), (Integer) null);
    }

    private long publish(String queue, BasicProperties properties) {
        return streams.publishWith(vhost, queue, new DeliverySource(0, nextSource++),
                BasicPropertiesCodec.encode(properties));
    }

    private AmqpDelivery ask(String queue, QueueCommandKind kind, int flags) {
        long request = ++nextRequest;
        streams.send(new QueueCommand(vhost, queue, kind, channel, "", request, 0, flags, null));
        QueueStreams.waiting().until(() -> node.poll().stream().anyMatch(d -> isAnswer(d, request)));
        return node.poll().stream().filter(d -> isAnswer(d, request)).findFirst().orElseThrow();
    }

    private static boolean isAnswer(AmqpDelivery delivery, long request) {
        return delivery.requestId() == request && delivery.kind() != AmqpDeliveryKind.DELIVER
                && delivery.kind() != AmqpDeliveryKind.CANCEL;
    }

    private long ready(String queue) {
        return ask(queue, QueueCommandKind.STATUS, 0).counts().messages();
    }

    private double dropped(String reason) {
        Counter counter = registry.find("tsunagu.routing.queues.dropped").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Map<String, Object> headers(AmqpPublishEvent event) {
        return BasicPropertiesCodec.decode(event.message().properties()).headers();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deaths(AmqpPublishEvent event) {
        return (List<Map<String, Object>>) headers(event).get("x-death");
    }

    private static LongString text(String value) {
        return LongString.of(value);
    }

    // ---- dead-lettering ---------------------------------------------------------------------------------------

    @Test
    void aRejectedMessageIsRepublishedToTheDeadLetterExchangeWithXDeath() {
        String queue = declare("rejecting", Map.of(DLX, "dlx", DLX_KEY, "dead"));
        long offset = publish(queue);
        streams.send(new QueueCommand(vhost, queue, QueueCommandKind.CONSUME, channel, "c1", ++nextRequest, 0, 0,
                null));
        QueueStreams.waiting().until(() -> node.poll().stream().anyMatch(d -> d.kind() == AmqpDeliveryKind.DELIVER));
        streams.send(new QueueCommand(vhost, queue, QueueCommandKind.SETTLE, channel, "", 0, 0, QueueCommand.DISCARD,
                new long[] {offset}));

        AmqpPublishEvent dead = streams.awaitDeadLetters(vhost, queue, 1).getFirst();
        assertThat(dead.publishSeq()).isZero();
        assertThat(dead.mandatory()).isFalse();
        assertThat(dead.vhost()).isEqualTo(vhost);
        AmqpMessage message = dead.message();
        assertThat(message.exchange()).isEqualTo("dlx");
        assertThat(message.routingKey()).isEqualTo("dead");
        assertThat(message.body()).isEqualTo(Payload.utf8("body 0@0"));
        assertThat(deaths(dead)).singleElement().satisfies(death -> {
            assertThat(death).containsEntry("count", 1L).containsEntry("reason", text("rejected"))
                    .containsEntry("queue", text(queue)).containsEntry("exchange", text(""))
                    .containsEntry("routing-keys", List.of(text(queue))).containsKey("time");
        });
        assertThat(headers(dead)).containsEntry("x-first-death-reason", text("rejected"))
                .containsEntry("x-first-death-queue", text(queue))
                .containsEntry("x-first-death-exchange", text(""));
        QueueStreams.waiting().until(() -> ask(queue, QueueCommandKind.STATUS, 0).counts().messages() == 0);
    }

    @Test
    void expiredMessagesAreDeadLetteredWithoutTheirExpiration() {
        // The default exchange with another key: not back into this queue.
        String queue = declare("ttl", Map.of("x-message-ttl", 100L, DLX, "", DLX_KEY, "elsewhere"));
        publish(queue);
        publish(queue, BasicProperties.EMPTY.withExpiration("50"));

        List<AmqpPublishEvent> dead = streams.awaitDeadLetters(vhost, queue, 2);
        assertThat(dead).allSatisfy(event -> {
            assertThat(event.message().exchange()).isEmpty();
            assertThat(event.message().routingKey()).isEqualTo("elsewhere");
            assertThat(deaths(event).getFirst()).containsEntry("reason", text("expired"))
                    .containsEntry("routing-keys", List.of(text(queue)));
            assertThat(BasicPropertiesCodec.decode(event.message().properties()).expiration()).isNull();
        });
        assertThat(deaths(dead.get(1)).getFirst()).containsEntry("original-expiration", text("50"));
        assertThat(ready(queue)).isZero();
        assertThat(ask(queue, QueueCommandKind.GET, 0).kind()).isEqualTo(AmqpDeliveryKind.GET_EMPTY);
    }

    @Test
    void perMessageTtlExpiresOnlyAtTheHead() {
        String queue = declare("head-ttl", Map.of());
        publish(queue);
        publish(queue, BasicProperties.EMPTY.withExpiration("0"));
        // The first message never expires and stays at the head: the expired one behind it is still counted.
        assertThat(ready(queue)).isEqualTo(2);
        AmqpDelivery first = ask(queue, QueueCommandKind.GET, QueueCommand.NO_ACK);
        assertThat(first.kind()).isEqualTo(AmqpDeliveryKind.GET_OK);
        assertThat(ask(queue, QueueCommandKind.GET, 0).kind()).isEqualTo(AmqpDeliveryKind.GET_EMPTY);
    }

    // ---- length limits ----------------------------------------------------------------------------------------

    @Test
    void dropHeadDeadLettersTheOldestWithReasonMaxlen() {
        String queue = declare("drop-head", Map.of("x-max-length", 2L, DLX, "dlx"));
        long first = publish(queue);
        long second = publish(queue);
        publish(queue);

        AmqpPublishEvent dead = streams.awaitDeadLetters(vhost, queue, 1).getFirst();
        assertThat(deaths(dead).getFirst()).containsEntry("reason", text("maxlen"));
        assertThat(dead.message().body()).isEqualTo(Payload.utf8("body 0@0"));
        assertThat(first).isLessThan(second);
        assertThat(ready(queue)).isEqualTo(2);
        assertThat(ask(queue, QueueCommandKind.GET, QueueCommand.NO_ACK).queueOffset()).isEqualTo(second);
    }

    @Test
    void maxLengthBytesDropsTheHeadWithoutADeadLetterExchange() {
        // Bodies "body 0@N" are 8 bytes: 20 bytes hold two.
        String queue = declare("bytes", Map.of("x-max-length-bytes", 20L));
        double before = dropped("maxlen");
        publish(queue);
        long second = publish(queue);
        publish(queue);
        assertThat(ready(queue)).isEqualTo(2);
        // At least: the counter is shared with every other queue of this replica.
        assertThat(dropped("maxlen")).isGreaterThanOrEqualTo(before + 1);
        assertThat(ask(queue, QueueCommandKind.GET, QueueCommand.NO_ACK).queueOffset()).isEqualTo(second);
    }

    @Test
    void rejectPublishRefusesTheNewMessageAndCountsIt() {
        String queue = declare("reject", Map.of("x-max-length", 1L, "x-overflow", "reject-publish"));
        double before = dropped("rejected-publish");
        long first = publish(queue);
        publish(queue);
        assertThat(ready(queue)).isEqualTo(1);
        assertThat(dropped("rejected-publish")).isGreaterThanOrEqualTo(before + 1);
        assertThat(ask(queue, QueueCommandKind.GET, QueueCommand.NO_ACK).queueOffset()).isEqualTo(first);
        publish(queue);
        assertThat(ready(queue)).isEqualTo(1);
    }

    @Test
    void rejectPublishDlxDeadLettersTheRefusedMessage() {
        String queue = declare("reject-dlx", Map.of("x-max-length", 1L, "x-overflow", "reject-publish-dlx",
                DLX, "dlx"));
        long first = publish(queue);
        publish(queue);

        AmqpPublishEvent dead = streams.awaitDeadLetters(vhost, queue, 1).getFirst();
        assertThat(deaths(dead).getFirst()).containsEntry("reason", text("rejected"));
        assertThat(dead.message().body()).isEqualTo(Payload.utf8("body 0@1"));
        assertThat(ready(queue)).isEqualTo(1);
        assertThat(ask(queue, QueueCommandKind.GET, QueueCommand.NO_ACK).queueOffset()).isEqualTo(first);
    }

    @Test
    void deadLettersOfManyMessagesAllArrive() {
        String queue = declare("many", Map.of("x-message-ttl", 0L, DLX, "dlx"));
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            offsets.add(publish(queue));
        }
        assertThat(streams.awaitDeadLetters(vhost, queue, 20)).hasSize(20);
        QueueStreams.waiting().until(() -> ready(queue) == 0);
        assertThat(offsets).hasSize(20);
    }
}
