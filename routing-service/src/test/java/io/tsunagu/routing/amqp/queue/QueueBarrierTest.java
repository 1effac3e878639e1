package io.tsunagu.routing.amqp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.event.DeliverySource;
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
 * The queue owners' barriers and access checks against the real local Kafka: a queue used right after its declare
 * is found and one never declared is answered at once; a message confirmed before a command is seen by it; another
 * connection is locked out of an exclusive queue; a stale requeue is a no-op.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class QueueBarrierTest {

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
    private final List<NodeReader> readers = new ArrayList<>();

    @BeforeEach
    void openClients() {
        streams = new QueueStreams(bootstrapServers);
        streams.createQueueStreams();
        run = UUID.randomUUID().toString().substring(0, 8);
        vhost = "barrier-" + run;
    }

    @AfterEach
    void closeClients() {
        readers.forEach(NodeReader::close);
        streams.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String nodeId(String name) {
        return "barrier-test-" + run + "-" + name;
    }

    private NodeReader node(String name) {
        streams.createDeliveryStream(nodeId(name));
        NodeReader reader = streams.node(nodeId(name));
        readers.add(reader);
        return reader;
    }

    private ChannelRef channel(String nodeName, String connection, int number) {
        return new ChannelRef(nodeId(nodeName), connection, number);
    }

    private long publish(String queue) {
        return streams.publish(vhost, queue, new DeliverySource(0, nextSource++), null);
    }

    private long ask(String queue, ChannelRef channel, QueueCommandKind kind, int flags) {
        long request = ++nextRequest;
        streams.send(new QueueCommand(vhost, queue, kind, channel, "", request, 0, flags, null));
        return request;
    }

    private long consume(String queue, ChannelRef channel, String tag) {
        long request = ++nextRequest;
        streams.send(new QueueCommand(vhost, queue, QueueCommandKind.CONSUME, channel, tag, request, 0, 0, null));
        return request;
    }

    private void requeue(String queue, ChannelRef channel, long offset) {
        streams.send(new QueueCommand(vhost, queue, QueueCommandKind.SETTLE, channel, "", 0, 0,
                QueueCommand.REQUEUE, new long[] {offset}));
    }

    private static AmqpDelivery awaitAnswer(NodeReader node, long request) {
        QueueStreams.waiting().until(() -> node.poll().stream().anyMatch(d -> isAnswer(d, request)));
        return node.poll().stream().filter(d -> isAnswer(d, request)).findFirst().orElseThrow();
    }

    private static boolean isAnswer(AmqpDelivery delivery, long request) {
        return delivery.requestId() == request && delivery.kind() != AmqpDeliveryKind.DELIVER
                && delivery.kind() != AmqpDeliveryKind.CANCEL;
    }

    private static List<Long> delivered(NodeReader node, String tag) {
        return node.poll().stream()
                .filter(d -> d.kind() == AmqpDeliveryKind.DELIVER && d.consumerTag().equals(tag))
                .map(AmqpDelivery::queueOffset)
                .toList();
    }

    private long ready(String queue, NodeReader node, ChannelRef channel) {
        return awaitAnswer(node, ask(queue, channel, QueueCommandKind.STATUS, 0)).counts().messages();
    }

    private double unknownQueueDrops() {
        Counter counter = registry.find("tsunagu.routing.queues.dropped").tag("reason", "unknown-queue").counter();
        return counter == null ? 0 : counter.count();
    }

    // ---- unknown queues ---------------------------------------------------------------------------------------

    @Test
    void aQueueUsedRightAfterItsDeclareIsFound() {
        NodeReader node = node("a");
        ChannelRef channel = channel("a", "conn", 1);
        for (int i = 0; i < 5; i++) {
            String queue = "fresh-" + i;
            // No wait for routing's copy: the declare-ok came once storage's record was acknowledged.
            streams.declareQueue(vhost, queue, Map.of());
            AmqpDelivery status = awaitAnswer(node, ask(queue, channel, QueueCommandKind.STATUS, 0));
            assertThat(status.reply().code()).as(queue).isEqualTo(200);
        }
    }

    @Test
    void aMissingQueueIsAnsweredAsRabbitMqDoesAndInOrder() {
        NodeReader node = node("a");
        ChannelRef channel = channel("a", "conn", 1);
        streams.send(QueueCommand.of(vhost, "missing", QueueCommandKind.RECOVER, channel));
        requeue("missing", channel, 7);
        long get = ask("missing", channel, QueueCommandKind.GET, 0);
        long purge = ask("missing", channel, QueueCommandKind.PURGE, 0);
        long delete = ask("missing", channel, QueueCommandKind.DELETE, QueueCommand.IF_EMPTY);

        String notFound = "NOT_FOUND - no queue 'missing' in vhost '" + vhost + "'";
        assertThat(awaitAnswer(node, get).reply()).satisfies(reply -> {
            assertThat(reply.code()).isEqualTo(404);
            assertThat(reply.text()).isEqualTo(notFound);
        });
        assertThat(awaitAnswer(node, purge).reply().code()).isEqualTo(404);
        AmqpDelivery deleted = awaitAnswer(node, delete);
        assertThat(deleted.reply().isOk()).isTrue();
        assertThat(deleted.counts().messages()).isZero();
        // The commands without an answer were ignored, and every answer came in command order.
        assertThat(node.poll()).extracting(AmqpDelivery::requestId).containsExactly(get, purge, delete);
    }

    @Test
    void aMessageForAQueueThatDoesNotExistIsDroppedAndCounted() {
        NodeReader node = node("a");
        ChannelRef channel = channel("a", "conn", 1);
        double before = unknownQueueDrops();
        publish("ghost");
        QueueStreams.waiting().until(() -> unknownQueueDrops() >= before + 1);

        streams.declareQueue(vhost, "ghost", Map.of());
        assertThat(ready("ghost", node, channel)).isZero();
        publish("ghost");
        assertThat(ready("ghost", node, channel)).isEqualTo(1);
    }

    // ---- confirmed, then get ----------------------------------------------------------------------------------

    @Test
    void aMessageConfirmedBeforeACommandIsSeenByIt() {
        String queue = "confirmed";
        streams.declareQueue(vhost, queue, Map.of());
        NodeReader node = node("a");
        ChannelRef channel = channel("a", "conn", 1);
        for (int i = 1; i <= 5; i++) {
            // publish() returns once Kafka acknowledged the record, as routing confirms only then.
            long offset = publish(queue);
            assertThat(ready(queue, node, channel)).isEqualTo(1);
            AmqpDelivery get = awaitAnswer(node, ask(queue, channel, QueueCommandKind.GET, QueueCommand.NO_ACK));
            assertThat(get.kind()).isEqualTo(AmqpDeliveryKind.GET_OK);
            assertThat(get.queueOffset()).isEqualTo(offset);
        }
        publish(queue);
        publish(queue);
        AmqpDelivery purged = awaitAnswer(node, ask(queue, channel, QueueCommandKind.PURGE, 0));
        assertThat(purged.counts().messages()).isEqualTo(2);
    }

    // ---- exclusive queues -------------------------------------------------------------------------------------

    @Test
    void anotherConnectionIsLockedOutOfAnExclusiveQueue() {
        String queue = "mine";
        streams.declareExclusiveQueue(vhost, queue, nodeId("a"), "owner-conn");
        NodeReader node = node("a");
        ChannelRef own = channel("a", "owner-conn", 1);
        ChannelRef sameNodeOtherConnection = channel("a", "other-conn", 1);
        String locked = "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue 'mine' in vhost '" + vhost
                + "'. It could be originally declared on another connection or the exclusive property value does"
                + " not match that of the original declaration.";

        for (QueueCommandKind kind : List.of(QueueCommandKind.CONSUME, QueueCommandKind.GET,
                QueueCommandKind.STATUS, QueueCommandKind.PURGE, QueueCommandKind.DELETE)) {
            AmqpDelivery refused = awaitAnswer(node, ask(queue, sameNodeOtherConnection, kind, 0));
            assertThat(refused.reply().code()).as(kind.name()).isEqualTo(405);
            assertThat(refused.reply().text()).as(kind.name()).isEqualTo(locked);
        }
        assertThat(awaitAnswer(node, consume(queue, own, "c1")).reply().isOk()).isTrue();
        assertThat(awaitAnswer(node, ask(queue, own, QueueCommandKind.STATUS, 0)).counts().consumers())
                .isEqualTo(1);
    }

    @Test
    void theLockedTextIsRabbitMqsWholeTextForIngestToCut() {
        String queue = "q".repeat(200);
        streams.declareExclusiveQueue(vhost, queue, nodeId("a"), "owner-conn");
        NodeReader node = node("a");
        AmqpDelivery refused = awaitAnswer(node, ask(queue, channel("a", "other", 1), QueueCommandKind.GET, 0));
        // Ingest names the vhost as the client knows it, and only then cuts the text to a short string.
        assertThat(refused.reply().text()).isEqualTo("RESOURCE_LOCKED - cannot obtain exclusive access to locked"
                + " queue '" + queue + "' in vhost '" + vhost + "'. It could be originally declared on another"
                + " connection or the exclusive property value does not match that of the original declaration.");
    }

    // ---- stale requeue ----------------------------------------------------------------------------------------

    @Test
    void aRequeueOfAMessageNoLongerHeldByTheChannelIsANoOp() {
        String queue = "stale";
        streams.declareQueue(vhost, queue, Map.of());
        NodeReader node = node("a");
        ChannelRef first = channel("a", "conn", 1);
        ChannelRef second = channel("a", "conn", 2);
        long one = publish(queue);
        long two = publish(queue);
        consume(queue, first, "c1");
        QueueStreams.waiting().until(() -> delivered(node, "c1").size() == 2);

        // The channel closes: both go back; its late nack(requeue) must not add a second copy.
        streams.send(QueueCommand.of(vhost, queue, QueueCommandKind.CHANNEL_CLOSED, first));
        requeue(queue, first, one);
        assertThat(ready(queue, node, second)).isEqualTo(2);

        consume(queue, second, "c2");
        QueueStreams.waiting().until(() -> delivered(node, "c2").size() == 2);
        // Held by the second channel now: the first channel's requeue is not the holder's.
        streams.send(new QueueCommand(vhost, queue, QueueCommandKind.CANCEL, second, "c2", 0, 0, 0, null));
        requeue(queue, first, two);
        assertThat(ready(queue, node, second)).isZero();
        // basic.recover gives both back (no consumer left to take them); a nack after it finds nothing to requeue.
        streams.send(QueueCommand.of(vhost, queue, QueueCommandKind.RECOVER, second));
        requeue(queue, second, one);
        assertThat(ready(queue, node, second)).isEqualTo(2);
        consume(queue, second, "c3");
        QueueStreams.waiting().until(() -> delivered(node, "c3").size() >= 2);
        assertThat(ready(queue, node, second)).isZero();
        assertThat(delivered(node, "c3")).containsExactly(one, two);
    }
}
