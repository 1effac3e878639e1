package io.tsunagu.routing.amqp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.amqp.queue.QueueStreams.NodeReader;
import io.tsunagu.routing.amqp.topology.QueueDirectory;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue owners end to end against the real local Kafka: topology records as storage writes them, queue messages
 * as the exchange router writes them and commands as ingest writes them; the answers read from a node's delivery
 * stream as the node reads it. Every test has its own virtual host, queues and nodes (the streams are shared).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class QueueOwnerTest {

    @Inject
    QueueDirectory directory;

    @Inject
    QueueOwner owner;

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
        vhost = "vhost-" + run;
    }

    @AfterEach
    void closeClients() {
        readers.forEach(NodeReader::close);
        streams.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String declare(String name, Map<String, Object> arguments) {
        streams.declareQueue(vhost, name, arguments);
        QueueStreams.waiting().until(() -> directory.queue(vhost, name).isPresent());
        return name;
    }

    private NodeReader node(String name) {
        String nodeId = "queue-test-" + run + "-" + name;
        streams.createDeliveryStream(nodeId);
        NodeReader reader = streams.node(nodeId);
        readers.add(reader);
        return reader;
    }

    private static ChannelRef channel(String nodeName, String run, int number) {
        return new ChannelRef("queue-test-" + run + "-" + nodeName, "conn-" + run, number);
    }

    private ChannelRef channel(String nodeName, int number) {
        return channel(nodeName, run, number);
    }

    private long publish(String queue, Integer priority) {
        return streams.publish(vhost, queue, new DeliverySource(0, nextSource++), priority);
    }

    private long request() {
        return ++nextRequest;
    }

    /** A basic.consume: the channel, consumer tag, prefetch and CONSUME flags. */
    private record Consumer(ChannelRef channel, String tag, int prefetch, int flags) {
    }

    private long consume(String queue, Consumer consumer) {
        long request = request();
        streams.send(new QueueCommand(vhost, queue, QueueCommandKind.CONSUME, consumer.channel(), consumer.tag(),
                request, consumer.prefetch(), consumer.flags(), null));
        return request;
    }

    private void settle(String queue, ChannelRef channel, int flags, long... offsets) {
        streams.send(new QueueCommand(vhost, queue, QueueCommandKind.SETTLE, channel, "", 0, 0, flags, offsets));
    }

    private long ask(String queue, ChannelRef channel, QueueCommandKind kind, int flags) {
        long request = request();
        streams.send(new QueueCommand(vhost, queue, kind, channel, "", request, 0, flags, null));
        return request;
    }

    private static AmqpDelivery awaitAnswer(NodeReader node, long request) {
        QueueStreams.waiting().until(() -> node.poll().stream().anyMatch(d -> isAnswer(d, request)));
        return node.poll().stream().filter(d -> isAnswer(d, request)).findFirst().orElseThrow();
    }

    private static boolean isAnswer(AmqpDelivery delivery, long request) {
        return delivery.requestId() == request && delivery.kind() != AmqpDeliveryKind.DELIVER
                && delivery.kind() != AmqpDeliveryKind.CANCEL;
    }

    private static List<AmqpDelivery> delivered(NodeReader node, String tag) {
        return node.poll().stream()
                .filter(d -> d.kind() == AmqpDeliveryKind.DELIVER && d.consumerTag().equals(tag))
                .toList();
    }

    private static List<AmqpDelivery> awaitDelivered(NodeReader node, String tag, int count) {
        QueueStreams.waiting().until(() -> delivered(node, tag).size() >= count);
        return delivered(node, tag);
    }

    /** Waits until the owner indexed {@code count} ready messages (a STATUS answer). */
    private void awaitReady(String queue, NodeReader node, ChannelRef channel, long count) {
        QueueStreams.waiting().until(() -> awaitAnswer(node, ask(queue, channel,
                QueueCommandKind.STATUS, 0)).counts().messages() == count);
    }

    private static List<Long> offsets(List<AmqpDelivery> deliveries) {
        return deliveries.stream().map(AmqpDelivery::queueOffset).toList();
    }

    // ---- tests ------------------------------------------------------------------------------------------------

    @Test
    void priorityQueueDeliversHighestPriorityFirstAndFifoWithinAPriority() {
        String queue = declare("prio", Map.of("x-max-priority", 10L));
        NodeReader node = node("a");
        ChannelRef channel = channel("a", 1);
        Random random = new Random(5);
        Map<Long, Integer> priorities = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            int priority = random.nextInt(10);
            priorities.put(publish(queue, priority), priority);
        }
        awaitReady(queue, node, channel, 1000);

        assertThat(awaitAnswer(node, consume(queue, new Consumer(channel, "c1", 1, 0))).reply().isOk()).isTrue();
        for (int i = 1; i <= 1000; i++) {
            List<AmqpDelivery> deliveries = awaitDelivered(node, "c1", i);
            assertThat(deliveries).hasSize(i);
            settle(queue, channel, 0, deliveries.get(i - 1).queueOffset());
        }

        List<AmqpDelivery> deliveries = delivered(node, "c1");
        for (int i = 1; i < deliveries.size(); i++) {
            AmqpDelivery before = deliveries.get(i - 1);
            AmqpDelivery after = deliveries.get(i);
            int priorityBefore = BasicPropertiesCodec.priority(before.message().properties());
            int priorityAfter = BasicPropertiesCodec.priority(after.message().properties());
            assertThat(priorityAfter).isLessThanOrEqualTo(priorityBefore);
            if (priorityAfter == priorityBefore) {
                assertThat(after.queueOffset()).isGreaterThan(before.queueOffset());
            }
            assertThat(priorityAfter).isEqualTo(priorities.get(after.queueOffset()));
        }
    }

    @Test
    void competingConsumersNeverHoldMoreThanTheirPrefetch() {
        String queue = declare("prefetch", Map.of());
        NodeReader node = node("a");
        ChannelRef first = channel("a", 1);
        ChannelRef second = channel("a", 2);
        for (int i = 0; i < 60; i++) {
            publish(queue, null);
        }
        awaitReady(queue, node, first, 60);
        consume(queue, new Consumer(first, "c1", 3, 0));
        consume(queue, new Consumer(second, "c2", 3, 0));

        Map<String, List<Long>> outstanding = Map.of("c1", new ArrayList<>(), "c2", new ArrayList<>());
        Map<String, ChannelRef> channels = Map.of("c1", first, "c2", second);
        int seen = 0;
        int acked = 0;
        Random random = new Random(7);
        while (acked < 60) {
            List<AmqpDelivery> deliveries = awaitDelivered(node, "c1", 0);
            List<AmqpDelivery> all = node.poll().stream().filter(d -> d.kind() == AmqpDeliveryKind.DELIVER).toList();
            for (AmqpDelivery delivery : all.subList(seen, all.size())) {
                outstanding.get(delivery.consumerTag()).add(delivery.queueOffset());
                assertThat(outstanding.get(delivery.consumerTag())).hasSizeLessThanOrEqualTo(3);
            }
            seen = all.size();
            String tag = random.nextBoolean() ? "c1" : "c2";
            List<Long> held = outstanding.get(tag);
            if (!held.isEmpty()) {
                settle(queue, channels.get(tag), 0, held.remove(random.nextInt(held.size())));
                acked++;
            }
            assertThat(deliveries).isNotNull();
        }
        assertThat(delivered(node, "c1")).isNotEmpty();
        assertThat(delivered(node, "c2")).isNotEmpty();
    }

    @Test
    void requeuedMessagesReturnToTheirPlaceWithRedeliveredSet() {
        String queue = declare("requeue", Map.of());
        NodeReader node = node("a");
        ChannelRef channel = channel("a", 1);
        List<Long> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(publish(queue, null));
        }
        awaitReady(queue, node, channel, 5);
        consume(queue, new Consumer(channel, "c1", 2, 0));
        List<AmqpDelivery> firstTwo = awaitDelivered(node, "c1", 2);
        assertThat(offsets(firstTwo)).containsExactly(published.get(0), published.get(1));
        assertThat(firstTwo).noneMatch(AmqpDelivery::redelivered);

        settle(queue, channel, QueueCommand.REQUEUE, published.get(0), published.get(1));
        List<AmqpDelivery> again = awaitDelivered(node, "c1", 4).subList(2, 4);
        assertThat(offsets(again)).containsExactly(published.get(0), published.get(1));
        assertThat(again).allMatch(AmqpDelivery::redelivered);

        settle(queue, channel, 0, published.get(0), published.get(1));
        List<AmqpDelivery> rest = awaitDelivered(node, "c1", 6).subList(4, 6);
        assertThat(offsets(rest)).containsExactly(published.get(2), published.get(3));
        assertThat(rest).noneMatch(AmqpDelivery::redelivered);
    }

    @Test
    void getAnswersWithTheMessageAndTheCountLeftThenEmpty() {
        String queue = declare("get", Map.of());
        NodeReader node = node("a");
        ChannelRef channel = channel("a", 1);
        long first = publish(queue, null);
        long second = publish(queue, null);
        awaitReady(queue, node, channel, 2);

        AmqpDelivery got = awaitAnswer(node, ask(queue, channel, QueueCommandKind.GET, 0));
        assertThat(got.kind()).isEqualTo(AmqpDeliveryKind.GET_OK);
        assertThat(got.queueOffset()).isEqualTo(first);
        assertThat(got.counts().messages()).isEqualTo(1);
        AmqpDelivery gotNoAck = awaitAnswer(node, ask(queue, channel, QueueCommandKind.GET, QueueCommand.NO_ACK));
        assertThat(gotNoAck.queueOffset()).isEqualTo(second);
        assertThat(gotNoAck.counts().messages()).isZero();
        assertThat(awaitAnswer(node, ask(queue, channel, QueueCommandKind.GET, 0)).kind())
                .isEqualTo(AmqpDeliveryKind.GET_EMPTY);
    }

    @Test
    void purgeRemovesTheReadyMessagesAndCountsThem() {
        String queue = declare("purge", Map.of());
        NodeReader node = node("a");
        ChannelRef channel = channel("a", 1);
        for (int i = 0; i < 3; i++) {
            publish(queue, null);
        }
        awaitReady(queue, node, channel, 3);

        AmqpDelivery purged = awaitAnswer(node, ask(queue, channel, QueueCommandKind.PURGE, 0));
        assertThat(purged.reply().isOk()).isTrue();
        assertThat(purged.counts().messages()).isEqualTo(3);
        assertThat(awaitAnswer(node, ask(queue, channel, QueueCommandKind.STATUS, 0)).counts().messages()).isZero();
        assertThat(awaitAnswer(node, ask(queue, channel, QueueCommandKind.GET, 0)).kind())
                .isEqualTo(AmqpDeliveryKind.GET_EMPTY);
    }

    @Test
    void deleteChecksItsConditionsAndTheTombstoneCancelsTheConsumers() {
        String queue = declare("delete", Map.of());
        NodeReader node = node("a");
        ChannelRef channel = channel("a", 1);
        ChannelRef asking = channel("a", 2);
        publish(queue, null);
        awaitReady(queue, node, channel, 1);
        AmqpDelivery notEmpty = awaitAnswer(node, ask(queue, asking, QueueCommandKind.DELETE, QueueCommand.IF_EMPTY));
        assertThat(notEmpty.reply().code()).isEqualTo(406);
        assertThat(notEmpty.reply().text())
                .isEqualTo("PRECONDITION_FAILED - queue 'delete' in vhost '" + vhost + "' not empty");

        consume(queue, new Consumer(channel, "c1", 0, QueueCommand.NO_ACK));
        awaitDelivered(node, "c1", 1);
        AmqpDelivery inUse = awaitAnswer(node, ask(queue, asking, QueueCommandKind.DELETE, QueueCommand.IF_UNUSED));
        assertThat(inUse.reply().code()).isEqualTo(406);
        assertThat(inUse.reply().text())
                .isEqualTo("PRECONDITION_FAILED - queue 'delete' in vhost '" + vhost + "' in use");
        AmqpDelivery deleted = awaitAnswer(node, ask(queue, asking, QueueCommandKind.DELETE, QueueCommand.IF_EMPTY));
        assertThat(deleted.reply().isOk()).isTrue();
        assertThat(deleted.counts().messages()).isZero();

        streams.deleteQueue(vhost, queue);
        QueueStreams.waiting().until(() -> node.poll().stream()
                .anyMatch(d -> d.kind() == AmqpDeliveryKind.CANCEL && d.consumerTag().equals("c1")));
    }

    @Test
    void commandsForAnUnknownQueueAreAnswered404() {
        NodeReader node = node("a");
        AmqpDelivery answer = awaitAnswer(node, ask("missing", channel("a", 1), QueueCommandKind.STATUS, 0));
        assertThat(answer.reply().code()).isEqualTo(404);
        assertThat(answer.reply().text()).isEqualTo("NOT_FOUND - no queue 'missing' in vhost '" + vhost + "'");
    }

    @Test
    void anExclusiveConsumerKeepsOthersOut() {
        String queue = declare("exclusive", Map.of());
        NodeReader node = node("a");
        Consumer exclusive = new Consumer(channel("a", 1), "c1", 0, QueueCommand.EXCLUSIVE);
        assertThat(awaitAnswer(node, consume(queue, exclusive)).reply().isOk()).isTrue();
        AmqpDelivery refused = awaitAnswer(node, consume(queue, new Consumer(channel("a", 2), "c2", 0, 0)));
        assertThat(refused.reply().code()).isEqualTo(403);
        assertThat(refused.reply().text())
                .isEqualTo("ACCESS_REFUSED - queue 'exclusive' in vhost '" + vhost + "' in exclusive use");
    }

    @Test
    void aClosedChannelsMessagesGoBackRedelivered() {
        String queue = declare("closed", Map.of());
        NodeReader node = node("a");
        ChannelRef closing = channel("a", 1);
        long first = publish(queue, null);
        long second = publish(queue, null);
        consume(queue, new Consumer(closing, "c1", 0, 0));
        awaitDelivered(node, "c1", 2);

        streams.send(QueueCommand.of(vhost, queue, QueueCommandKind.CHANNEL_CLOSED, closing));
        consume(queue, new Consumer(channel("a", 2), "c2", 0, 0));
        List<AmqpDelivery> again = awaitDelivered(node, "c2", 2);
        assertThat(offsets(again)).containsExactly(first, second);
        assertThat(again).allMatch(AmqpDelivery::redelivered);
    }

    @Test
    void aRestartedNodesChannelsGiveTheirMessagesBack() {
        String queue = declare("node-restart", Map.of());
        NodeReader node = node("a");
        NodeReader other = node("b");
        String nodeId = channel("a", 1).nodeId();
        streams.heartbeat(new NodeEvent(nodeId, System.currentTimeMillis() - 60_000, Instant.now()));
        long first = publish(queue, null);
        consume(queue, new Consumer(channel("a", 1), "c1", 0, 0));
        awaitDelivered(node, "c1", 1);

        streams.heartbeat(new NodeEvent(nodeId, System.currentTimeMillis() + 1, Instant.now()));
        consume(queue, new Consumer(channel("b", 1), "c2", 0, 0));
        List<AmqpDelivery> again = awaitDelivered(other, "c2", 1);
        assertThat(again.getFirst().queueOffset()).isEqualTo(first);
        assertThat(again.getFirst().redelivered()).isTrue();
    }

    @Test
    void aSilentNodesChannelsGiveTheirMessagesBack() {
        String queue = declare("node-silent", Map.of());
        NodeReader node = node("a");
        NodeReader other = node("b");
        String nodeId = channel("a", 1).nodeId();
        streams.heartbeat(new NodeEvent(nodeId, System.currentTimeMillis() - 60_000, Instant.now()));
        long first = publish(queue, null);
        consume(queue, new Consumer(channel("a", 1), "c1", 0, 0));
        awaitDelivered(node, "c1", 1);
        consume(queue, new Consumer(channel("b", 1), "c2", 0, 0));

        // No further heartbeat: after the test profile's node timeout (3s) the node is taken for dead.
        List<AmqpDelivery> again = awaitDelivered(other, "c2", 1);
        assertThat(again.getFirst().queueOffset()).isEqualTo(first);
        assertThat(again.getFirst().redelivered()).isTrue();
    }

    @Test
    void duplicateSourceRecordsAreDropped() {
        String queue = declare("dedup", Map.of());
        NodeReader node = node("a");
        ChannelRef channel = channel("a", 1);
        long first = streams.publish(vhost, queue, new DeliverySource(3, 10), null);
        long second = streams.publish(vhost, queue, new DeliverySource(3, 11), null);
        streams.publish(vhost, queue, new DeliverySource(3, 11), null);
        streams.publish(vhost, queue, new DeliverySource(3, 10), null);
        long third = streams.publish(vhost, queue, new DeliverySource(4, 10), null);
        long fourth = streams.publish(vhost, queue, new DeliverySource(3, 12), null);
        awaitReady(queue, node, channel, 4);

        consume(queue, new Consumer(channel, "c1", 0, QueueCommand.NO_ACK));
        assertThat(offsets(awaitDelivered(node, "c1", 4))).containsExactly(first, second, third, fourth);
    }

    @Test
    void aNewOwnerRedeliversExactlyTheUnacknowledgedOnesAsRedelivered() {
        String queue = declare("restart", Map.of());
        NodeReader node = node("a");
        ChannelRef channel = channel("a", 1);
        List<Long> published = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            published.add(publish(queue, null));
        }
        consume(queue, new Consumer(channel, "c1", 10, 0));
        assertThat(offsets(awaitDelivered(node, "c1", 6))).containsExactlyElementsOf(published);
        settle(queue, channel, 0, published.get(0), published.get(1), published.get(2));
        awaitAnswer(node, ask(queue, channel, QueueCommandKind.STATUS, 0));

        owner.stop();
        owner.start();

        List<AmqpDelivery> again = awaitDelivered(node, "c1", 9).subList(6, 9);
        assertThat(offsets(again)).containsExactlyElementsOf(published.subList(3, 6));
        assertThat(again).allMatch(AmqpDelivery::redelivered);
        long fresh = publish(queue, null);
        AmqpDelivery next = awaitDelivered(node, "c1", 10).get(9);
        assertThat(next.queueOffset()).isEqualTo(fresh);
        assertThat(next.redelivered()).isFalse();
        awaitAnswer(node, ask(queue, channel, QueueCommandKind.STATUS, 0));
        assertThat(delivered(node, "c1")).hasSize(10);
    }

    @Test
    void recoverGivesBackTheChannelsMessagesAndCancelLeavesThemWithIt() {
        String queue = declare("recover", Map.of());
        NodeReader node = node("a");
        ChannelRef channel = channel("a", 1);
        long first = publish(queue, null);
        long second = publish(queue, null);
        consume(queue, new Consumer(channel, "c1", 0, 0));
        awaitDelivered(node, "c1", 2);
        streams.send(new QueueCommand(vhost, queue, QueueCommandKind.CANCEL, channel, "c1", 0, 0, 0, null));
        consume(queue, new Consumer(channel("a", 2), "c2", 0, 0));
        awaitAnswer(node, ask(queue, channel, QueueCommandKind.STATUS, 0));
        assertThat(delivered(node, "c2")).isEmpty();

        streams.send(QueueCommand.of(vhost, queue, QueueCommandKind.RECOVER, channel));
        List<AmqpDelivery> again = awaitDelivered(node, "c2", 2);
        assertThat(offsets(again)).containsExactly(first, second);
        assertThat(again).allMatch(AmqpDelivery::redelivered);
    }

    @Test
    void bodiesBeyondTheBudgetAreReadBackFromTheStream() {
        String queue = declare("budget", Map.of());
        NodeReader node = node("a");
        double fetchesBefore = registry.get("tsunagu.routing.queues.body.fetches").counter().count();
        for (int i = 0; i < 1000; i++) {
            publish(queue, null);
        }
        awaitReady(queue, node, channel("a", 2), 1000);
        // The test profile's budget (32K) holds fewer than half of these records (about 75 bytes each).
        assertThat(owner.keptBytes()).isLessThanOrEqualTo(32 * 1024);
        consume(queue, new Consumer(channel("a", 1), "c1", 0, QueueCommand.NO_ACK));

        List<AmqpDelivery> deliveries = awaitDelivered(node, "c1", 1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(deliveries.get(i).message().body()).isEqualTo(Payload.utf8("body 0@" + i));
        }
        assertThat(registry.get("tsunagu.routing.queues.body.fetches").counter().count()).isGreaterThan(fetchesBefore);
    }
}
