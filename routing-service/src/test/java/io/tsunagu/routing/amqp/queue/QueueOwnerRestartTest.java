package io.tsunagu.routing.amqp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDelivery.Reply;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.stream.Streams;
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
 * A queue owner restarted on a platform with history (the e2e case of issue 5: routing killed after other tests
 * declared, used and deleted queues): the commands waiting in a control partition when the owner comes back (for
 * deleted queues, an exclusive queue of another connection, the queue's own settles) never hold back a CONSUME
 * written behind them, before the partition was assigned.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class QueueOwnerRestartTest {

    /** The partition count {@link QueueStreams#createQueueStreams()} creates. */
    private static final int PARTITIONS = 12;

    @Inject
    QueueDirectory directory;

    @Inject
    QueueOwner owner;

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
        vhost = "restart-" + run;
    }

    @AfterEach
    void closeClients() {
        owner.start();
        readers.forEach(NodeReader::close);
        streams.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private NodeReader node(String name) {
        String nodeId = "restart-test-" + run + "-" + name;
        streams.createDeliveryStream(nodeId);
        NodeReader reader = streams.node(nodeId);
        readers.add(reader);
        return reader;
    }

    private ChannelRef channel(String nodeName, String connection, int number) {
        return new ChannelRef("restart-test-" + run + "-" + nodeName, connection, number);
    }

    private int partitionOf(String queue) {
        return Assignments.partitionOf(Streams.queueKey(vhost, queue), PARTITIONS);
    }

    /** A queue name with {@code prefix} whose records go to {@code partition}: its commands share that line. */
    private String nameIn(String prefix, int partition) {
        for (int i = 0;; i++) {
            String name = prefix + "-" + i;
            if (partitionOf(name) == partition) {
                return name;
            }
        }
    }

    private void declare(String queue) {
        streams.declareQueue(vhost, queue, Map.of());
        QueueStreams.waiting().until(() -> directory.queue(vhost, queue).isPresent());
    }

    private long publish(String queue) {
        return streams.publish(vhost, queue, new DeliverySource(0, nextSource++), null);
    }

    private long command(String queue, QueueCommandKind kind, ChannelRef channel, String tag) {
        long request = ++nextRequest;
        streams.send(new QueueCommand(vhost, queue, kind, channel, tag, request, 10, 0, null));
        return request;
    }

    private void settle(String queue, ChannelRef channel, long offset) {
        streams.send(new QueueCommand(vhost, queue, QueueCommandKind.SETTLE, channel, "", 0, 0, 0,
                new long[] {offset}));
    }

    private static AmqpDelivery awaitAnswer(NodeReader node, long request) {
        QueueStreams.waiting().until(() -> node.poll().stream().anyMatch(d -> isAnswer(d, request)));
        return node.poll().stream().filter(d -> isAnswer(d, request)).findFirst().orElseThrow();
    }

    private static boolean isAnswer(AmqpDelivery delivery, long request) {
        return delivery.requestId() == request && delivery.kind() != AmqpDeliveryKind.DELIVER
                && delivery.kind() != AmqpDeliveryKind.CANCEL;
    }

    private static List<Long> awaitDelivered(NodeReader node, String tag, int count) {
        QueueStreams.waiting().until(() -> delivered(node, tag).size() >= count);
        return delivered(node, tag);
    }

    private static List<Long> delivered(NodeReader node, String tag) {
        return node.poll().stream()
                .filter(d -> d.kind() == AmqpDeliveryKind.DELIVER && d.consumerTag().equals(tag))
                .map(AmqpDelivery::queueOffset)
                .toList();
    }

    /** A queue in {@code partition} that was used and then deleted: the topology no longer shows it. */
    private String usedAndDeleted(NodeReader node, int partition, int index) {
        String queue = nameIn("gone-" + index, partition);
        declare(queue);
        publish(queue);
        String tag = "old-" + index;
        command(queue, QueueCommandKind.CONSUME, channel("a", "old-conn", 1), tag);
        awaitDelivered(node, tag, 1);
        streams.deleteQueue(vhost, queue);
        QueueStreams.waiting().until(() -> directory.queue(vhost, queue).isEmpty());
        return queue;
    }

    // ---- tests ------------------------------------------------------------------------------------------------

    @Test
    void aConsumeWrittenBeforeTheRestartIsAnsweredBehindCommandsOfDeletedAndLockedQueues() {
        NodeReader node = node("a");
        String queue = "durable-" + run;
        int partition = partitionOf(queue);
        declare(queue);
        List<String> deleted = List.of(usedAndDeleted(node, partition, 1), usedAndDeleted(node, partition, 2));
        String locked = nameIn("exclusive", partition);
        streams.declareExclusiveQueue(vhost, locked, "restart-test-" + run + "-b", "owner-conn");
        QueueStreams.waiting().until(() -> directory.queue(vhost, locked).isPresent());
        ChannelRef old = channel("a", "old-conn", 1);
        long first = publish(queue);
        command(queue, QueueCommandKind.CONSUME, old, "before");
        awaitDelivered(node, "before", 1);

        owner.stop();
        // The line the owner finds when it comes back, all before the new CONSUME: settles and a close of the
        // queue's old channel, commands for deleted queues, another connection's look at an exclusive queue.
        long second = publish(queue);
        settle(queue, old, first);
        deleted.forEach(gone -> command(gone, QueueCommandKind.STATUS, old, ""));
        deleted.forEach(gone -> settle(gone, old, 0));
        long lockedOut = command(locked, QueueCommandKind.GET, old, "");
        command(queue, QueueCommandKind.CHANNEL_CLOSED, old, "");
        long consume = command(queue, QueueCommandKind.CONSUME, channel("a", "new-conn", 1), "after");
        owner.start();

        assertThat(awaitAnswer(node, consume).reply()).isEqualTo(Reply.OK);
        assertThat(awaitAnswer(node, lockedOut).reply().code()).isEqualTo(405);
        assertThat(awaitDelivered(node, "after", 1)).containsExactly(second);
    }
}
