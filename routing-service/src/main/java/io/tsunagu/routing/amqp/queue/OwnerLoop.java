package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.amqp.queue.QueueProgress.Admission;
import io.tsunagu.routing.amqp.topology.QueueDefinition;
import io.tsunagu.routing.amqp.topology.QueueDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The queue owner's loop: one member of the consumer group {@code tsunagu-routing-queues} on its own thread,
 * holding some partitions of tsunagu.queue and the same partitions of tsunagu.queue-control (RangeAssignor, equal
 * partition counts), and with them every queue whose key falls there ({@link OwnedQueue}).
 *
 * <ul>
 *   <li>Assignment: the queue states of the new partitions are read ({@link QueueStateLoader}), tsunagu.queue is
 *       replayed from the committed offset to its end at the assignment while the control partitions are paused,
 *       and only then are commands applied and messages delivered.</li>
 *   <li>Commands: applied in their order per control partition ({@link HeldCommand}). One for a queue the topology
 *       copy does not show waits until the copy has read tsunagu.topology up to its end as of the command's
 *       arrival: a client got declare-ok only after storage's topology record was acknowledged, so a queue still
 *       unknown then does not exist (404 NOT_FOUND as RabbitMQ, or nothing for commands without an answer). CONSUME,
 *       GET, STATUS, PURGE and DELETE wait until the owner has read tsunagu.queue's partition up to its end as of
 *       their arrival: routing sends a publish's confirm only after its queue records were acknowledged, so a
 *       message confirmed before the command is in the queue when it is answered (RabbitMQ: a basic.get right after
 *       the confirm sees it). Neither wait blocks the thread: the look-ups run on the admin client
 *       ({@link StreamPositions}) and the loop keeps polling.</li>
 *   <li>Messages for a queue the topology copy does not show are parked until the same topology barrier passed, then
 *       dropped (counted) when it is still unknown.</li>
 *   <li>Revocation: the states are written and the offsets committed, then the queues are forgotten (their
 *       consumers are in the states, their unacknowledged messages are redelivered by the next owner).</li>
 *   <li>Every {@code state-interval} (or {@code state-settlements} settlements): the changed states are written,
 *       and once Kafka has them the offsets are committed: tsunagu.queue up to the lowest unsettled offset,
 *       tsunagu.queue-control as applied.</li>
 *   <li>Every {@code liveness-interval}: the channels of dead or restarted ingest nodes are treated as closed.</li>
 * </ul>
 *
 * <p>Why a plain {@link KafkaConsumer}: the owner needs the rebalance callbacks, pausing, positions, end offsets
 * and commits at exactly the offsets it computes, which a messaging channel hides. The poll loop blocks, so it owns
 * a thread, which is also the only thread that touches the queues.
 */
final class OwnerLoop implements QueueContext, ConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(OwnerLoop.class);
    private static final Duration WAIT_STEP = Duration.ofMillis(500);
    /** How long a poll waits while records wait for a look-up (a millisecond or so on a local network). */
    private static final Duration BARRIER_POLL = Duration.ofMillis(2);
    /** How often message TTLs and x-expires are checked (besides on every dispatch and command). */
    private static final Duration TIMER_STEP = Duration.ofMillis(50);

    private final QueueOwnerOptions options;
    private final QueueDirectory directory;
    private final OwnerClients clients;
    private final Checkpoints checkpoints;
    private final StorageTopology storage;
    private final DeadLetterPublisher deadLetters;
    private final Barriers barriers;
    private final Map<Integer, PartitionQueues> partitions = new HashMap<>();
    private final Set<OwnedQueue> pending = new LinkedHashSet<>();
    private final Channels channels;
    private final Queue<String> deletions = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile int queueCount;
    private volatile RuntimeException failure;
    private int partitionCount;
    private boolean moreToSend;
    private boolean waiting;
    private int settlements;
    private long nextFlush;
    private long nextLiveness;
    private long nextTimers;

    OwnerLoop(QueueOwnerOptions options, QueueDirectory directory, ChannelLiveness liveness, OwnerClients clients) {
        this.options = options;
        this.directory = directory;
        this.channels = new Channels(liveness);
        this.clients = clients;
        this.storage = new StorageTopology(options.storageUrl(), options.writeTimeout());
        this.deadLetters = new DeadLetterPublisher(clients.writer());
        this.barriers = new Barriers(clients, new BarrierQueues());
        this.checkpoints = new Checkpoints(clients, options.writeTimeout(),
                queue -> partitions.get(queue.partition()).processed());
    }

    /** The topology deleted the queue {@code name} of {@code vhost} (any thread). */
    void queueDeleted(String vhost, String name) {
        deletions.add(Streams.queueKey(vhost, name));
    }

    /** Asks the loop to hand its queues over and end. */
    void stop() {
        running = false;
        stopping.countDown();
    }

    /** Why the loop ended on its own, if it did. */
    Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    /** The queues this member holds now (for tests and metrics; approximate from other threads). */
    int queueCount() {
        return queueCount;
    }

    void run() {
        try (clients) {
            if (!awaitStart()) {
                return;
            }
            clients.consumer().subscribe(List.of(Streams.QUEUE, Streams.QUEUE_CONTROL), this);
            while (running) {
                // More to send right away: poll without waiting (a rebuilding partition's queues wait for records).
                boolean busy = moreToSend || !deletions.isEmpty();
                Duration timeout = busy ? Duration.ZERO : waiting ? BARRIER_POLL : options.pollTimeout();
                for (ConsumerRecord<String, byte[]> record : clients.consumer().poll(timeout)) {
                    handle(record);
                }
                afterPoll();
            }
            checkpoints.flush(partitions.values());
        } catch (RuntimeException e) {
            failure = e;
            LOG.errorf(e, "The queue owner failed; its queues move to another replica once its session times out");
        }
    }

    /** Waits until the topology copy caught up and the queue streams exist. */
    private boolean awaitStart() {
        while (running) {
            if (directory.caughtUp()) {
                int queues = clients.consumer().partitionsFor(Streams.QUEUE).size();
                int control = clients.consumer().partitionsFor(Streams.QUEUE_CONTROL).size();
                if (queues > 0 && queues == control) {
                    partitionCount = queues;
                    LOG.infof("Queue owner joining %s with %d partitions", Streams.QUEUE, queues);
                    return true;
                }
                LOG.warnf("%s has %d partitions and %s %d: waiting for both, with the same count", Streams.QUEUE,
                        queues, Streams.QUEUE_CONTROL, control);
            }
            await(options.livenessInterval());
        }
        return false;
    }

    private void await(Duration time) {
        try {
            stopping.await(Math.max(time.toMillis(), WAIT_STEP.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private int partitionOf(String key) {
        return Assignments.partitionOf(key, partitionCount);
    }

    // ---- records ------------------------------------------------------------------------------------------

    private void handle(ConsumerRecord<String, byte[]> record) {
        PartitionQueues partition = partitions.get(record.partition());
        if (partition == null) {
            LOG.debugf("Skipping %s-%d@%d: the partition is not held", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        boolean message = record.topic().equals(Streams.QUEUE);
        if (message) {
            partition.processed(record.offset());
        } else {
            partition.controlProcessed(record.offset());
        }
        Optional<QueueRecord> decoded = QueueRecord.of(record);
        if (decoded.isPresent()) {
            route(partition, decoded.get());
        }
    }

    /**
     * Applies a message to its queue, or parks it while the topology does not show the queue; a command joins its
     * partition's line ({@link #releaseHeld}).
     */
    private void route(PartitionQueues partition, QueueRecord record) {
        String key = record.queueKey();
        switch (record) {
            case QueueRecord.Command command -> hold(partition, new HeldCommand(command));
            case QueueRecord.Message message -> {
                OwnedQueue queue = partition.parked().containsKey(key) ? null : queue(partition, key);
                if (queue == null) {
                    partition.park(key, message);
                } else {
                    apply(queue, message);
                }
            }
        }
    }

    private static void hold(PartitionQueues partition, HeldCommand command) {
        partition.held().add(command);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Control partition %d: %s joins the line (%d held%s)", partition.partition(),
                    command.describe(), partition.held().size(), partition.rebuilding() ? ", rebuilding" : "");
        }
    }

    /** The queue {@code key} of {@code partition}, created when the topology has it; null when it does not. */
    private OwnedQueue queue(PartitionQueues partition, String key) {
        OwnedQueue queue = partition.queues().get(key);
        if (queue != null) {
            return queue;
        }
        int separator = key.indexOf('\u0000');
        Optional<QueueDefinition> definition = directory.queue(key.substring(0, separator),
                key.substring(separator + 1));
        if (definition.isEmpty()) {
            return null;
        }
        QueueState restored = partition.restored(key);
        restored.consumers().forEach(consumer -> channels.heardOf(consumer.channel(), consumer.channelSince()));
        queue = new OwnedQueue(definition.get(), partition.partition(), restored, this);
        partition.queues().put(key, queue);
        return queue;
    }

    private void apply(OwnedQueue queue, QueueRecord record) {
        switch (record) {
            case QueueRecord.Message message -> {
                if (queue.take(message.offset(), message.message(), message.size()) == Admission.TAKE) {
                    pending.add(queue);
                }
            }
            case QueueRecord.Command command -> {
                channels.heardOf(command.command().channel(), command.timestamp());
                queue.handle(command.command());
                settlements += command.command().offsets().length;
                pending.add(queue);
            }
        }
    }

    // ---- after each poll ----------------------------------------------------------------------------------

    private void afterPoll() {
        finishRebuilds();
        waiting = barriers.pass(partitions.values());
        applyDeletions();
        long now = System.nanoTime();
        deadLetters.drain(this::deadLettered);
        if (now >= nextTimers) {
            nextTimers = now + TIMER_STEP.toNanos();
            runTimers(now);
        }
        dispatchPending();
        queueCount = partitions.values().stream().mapToInt(partition -> partition.queues().size()).sum();
        if (now >= nextLiveness) {
            nextLiveness = now + options.livenessInterval().toNanos();
            List<OwnedQueue> owned = new ArrayList<>();
            partitions.values().forEach(partition -> owned.addAll(partition.queues().values()));
            pending.addAll(channels.sweep(owned));
        }
        if (now >= nextFlush || settlements >= options.stateSettlements()) {
            nextFlush = now + options.stateInterval().toNanos();
            settlements = 0;
            checkpoints.flush(partitions.values());
        }
    }

    private void finishRebuilds() {
        for (PartitionQueues partition : partitions.values()) {
            TopicPartition queueTopic = new TopicPartition(Streams.QUEUE, partition.partition());
            if (partition.rebuilding() && clients.consumer().position(queueTopic) >= partition.rebuildTarget()) {
                partition.rebuilt();
                clients.consumer().resume(List.of(new TopicPartition(Streams.QUEUE_CONTROL, partition.partition())));
                pending.addAll(partition.queues().values());
                LOG.infof("Queue partition %d rebuilt: %d queues; its commands resume at %d", partition.partition(),
                        partition.queues().size(), partition.controlProcessed());
            }
        }
    }

    /** Queues the topology deleted: their consumers are cancelled, and their state says all is settled. */
    private void applyDeletions() {
        for (String key = deletions.poll(); key != null; key = deletions.poll()) {
            PartitionQueues partition = partitions.get(partitionOf(key));
            OwnedQueue queue = partition == null ? null : partition.queues().get(key);
            if (queue != null) {
                queue.deleted();
                pending.remove(queue);
                QueueState last = queue.snapshot(partition.processed());
                partition.forget(key, last);
                clients.writer().state(key, last);
                LOG.debugf("Queue %s deleted", queue.describe());
            }
        }
    }

    /** A dead-lettered message's republish was answered: settled (or back to ready) if its queue is still here. */
    private void deadLettered(DeadLetterPublisher.Acked acked) {
        OwnedQueue queue = acked.queue();
        PartitionQueues partition = partitions.get(queue.partition());
        if (partition != null && partition.queues().get(Streams.queueKey(queue.vhost(), queue.name())) == queue) {
            if (acked.ok()) {
                queue.deadLettered(acked.offset());
            } else {
                queue.deadLetterFailed(acked.offset());
            }
            pending.add(queue);
        }
    }

    /** Expires the messages at the queues' heads and checks x-expires. */
    private void runTimers(long nowNanos) {
        long nowMillis = System.currentTimeMillis();
        for (PartitionQueues partition : partitions.values()) {
            if (partition.rebuilding()) {
                continue;
            }
            for (OwnedQueue queue : partition.queues().values()) {
                queue.expireHead(nowMillis);
                queue.checkUnused(nowNanos);
            }
        }
    }

    private void dispatchPending() {
        List<OwnedQueue> work = new ArrayList<>(pending);
        pending.clear();
        moreToSend = false;
        for (OwnedQueue queue : work) {
            PartitionQueues partition = partitions.get(queue.partition());
            if (partition == null || partition.queues().get(Streams.queueKey(queue.vhost(), queue.name())) != queue) {
                continue;
            }
            if (partition.rebuilding()) {
                pending.add(queue);
                continue;
            }
            queue.dispatch(options.deliveriesPerPass());
            if (queue.canDispatch()) {
                pending.add(queue);
                moreToSend = true;
            }
        }
    }

    // ---- QueueContext ---------------------------------------------------------------------------------------

    @Override
    public boolean send(AmqpDelivery delivery) {
        return clients.writer().deliver(delivery);
    }

    @Override
    public boolean keep(int recordSize) {
        return clients.bodies().keep(recordSize);
    }

    @Override
    public AmqpMessage messageOf(OwnedQueue queue, QueuedMessage message) {
        return clients.bodies().messageOf(queue.partition(), message);
    }

    @Override
    public void settled(QueuedMessage message) {
        clients.bodies().release(message);
    }

    @Override
    public void reserveDelivery(OwnedQueue queue) {
        queue.progress().raiseBound(partitions.get(queue.partition()).processed() - 1);
        checkpoints.persist(List.of(queue));
    }

    @Override
    public void persistNow(OwnedQueue queue) {
        checkpoints.persist(List.of(queue));
    }

    @Override
    public void lastConsumerGone(OwnedQueue queue) {
        storage.deleteQueue(queue.vhost(), queue.name());
    }

    @Override
    public void unused(OwnedQueue queue) {
        LOG.debugf("Queue %s unused for its x-expires: deleting it", queue.describe());
        storage.deleteQueue(queue.vhost(), queue.name());
    }

    @Override
    public void deadLetter(OwnedQueue queue, long offset, AmqpMessage message) {
        deadLetters.publish(queue, offset, message);
    }

    @Override
    public void dropped(String reason) {
        clients.meters().dropped(reason, 1);
    }

    @Override
    public long channelSince(ChannelRef channel) {
        return channels.since(channel);
    }

    // ---- rebalance ------------------------------------------------------------------------------------------

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        List<PartitionQueues> leaving = owned(revoked);
        checkpoints.flush(leaving);
        leaving.forEach(this::drop);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        owned(lost).forEach(this::drop);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        for (PartitionQueues partition : Assignments.open(assigned, clients, partitionCount)) {
            partitions.put(partition.partition(), partition);
            partition.restoredStates().keySet().forEach(key -> queue(partition, key));
        }
    }

    private List<PartitionQueues> owned(Collection<TopicPartition> topicPartitions) {
        return topicPartitions.stream()
                .filter(tp -> tp.topic().equals(Streams.QUEUE))
                .map(tp -> partitions.get(tp.partition()))
                .filter(partition -> partition != null)
                .toList();
    }

    /** Forgets a partition handed over: the next owner serves its consumers and redelivers what was unacked. */
    private void drop(PartitionQueues partition) {
        partitions.remove(partition.partition());
        checkpoints.forget(partition.partition());
        pending.removeIf(queue -> queue.partition() == partition.partition());
        partition.queues().values().forEach(queue -> queue.forget());
    }

    /** What the barriers need of the loop. */
    private final class BarrierQueues implements Barriers.Queues {

        @Override
        public OwnedQueue find(PartitionQueues partition, String key) {
            return queue(partition, key);
        }

        @Override
        public void apply(OwnedQueue queue, QueueRecord record) {
            OwnerLoop.this.apply(queue, record);
        }
    }
}
