package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDelivery.Counts;
import io.tsunagu.contracts.amqp.AmqpDelivery.Reply;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.stream.Streams;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The owner's two barriers, checked after each poll without blocking its thread ({@link StreamPositions} runs the
 * look-ups):
 *
 * <ul>
 *   <li>Unknown queues: a client got declare-ok only after storage's topology record was acknowledged, so once the
 *       topology copy has read tsunagu.topology up to its end as of a record's arrival, a queue it still lacks does
 *       not exist. A command for it is answered as RabbitMQ answers (404 NOT_FOUND; queue.delete succeeds with 0;
 *       commands without an answer are ignored); a message is dropped and counted ({@link ParkedMessages}).</li>
 *   <li>"Confirmed, then get": CONSUME, GET, STATUS, PURGE and DELETE are applied only once the owner has read
 *       tsunagu.queue's partition up to its end as of their arrival. Routing confirms a publish only after its queue
 *       records were acknowledged, so a message confirmed before the command was sent is in the queue when it is
 *       answered (RabbitMQ: a basic.get right after the confirm sees it).</li>
 * </ul>
 *
 * <p>Commands of one control partition are applied in their order ({@link HeldCommand}): one that waits holds back
 * those behind it. Owner thread only.
 */
final class Barriers {

    private static final Logger LOG = Logger.getLogger(Barriers.class);
    /** The commands answered only once tsunagu.queue was read up to its end as of their arrival. */
    private static final Set<QueueCommandKind> AFTER_QUEUE_END = EnumSet.of(QueueCommandKind.CONSUME,
            QueueCommandKind.GET, QueueCommandKind.STATUS, QueueCommandKind.PURGE, QueueCommandKind.DELETE);

    private final OwnerClients clients;
    private final Queues queues;

    /** What the barriers need of the owner loop. */
    interface Queues {

        /** The queue {@code key} of {@code partition}, created when the topology has it; null when it does not. */
        OwnedQueue find(PartitionQueues partition, String key);

        /** Applies {@code record} to {@code queue}. */
        void apply(OwnedQueue queue, QueueRecord record);
    }

    Barriers(OwnerClients clients, Queues queues) {
        this.clients = clients;
        this.queues = queues;
    }

    /** Releases what may go now in {@code partitions}; true while records still wait (poll briefly then). */
    boolean pass(Collection<PartitionQueues> partitions) {
        clients.positions().newPass();
        boolean parked = retryParked(partitions);
        return releaseHeld(partitions) || parked;
    }

    /** Parked messages: applied once their queue shows, dropped once the topology barrier says it does not exist. */
    private boolean retryParked(Collection<PartitionQueues> partitions) {
        boolean waiting = false;
        for (PartitionQueues partition : partitions) {
            Iterator<Map.Entry<String, ParkedMessages>> parked = partition.parked().entrySet().iterator();
            while (parked.hasNext()) {
                Map.Entry<String, ParkedMessages> entry = parked.next();
                OwnedQueue queue = queues.find(partition, entry.getKey());
                ParkedMessages messages = entry.getValue();
                if (queue != null) {
                    parked.remove();
                    messages.records().forEach(record -> queues.apply(queue, record));
                } else if (decided(messages) && dropCovered(entry.getKey(), messages)) {
                    parked.remove();
                }
                waiting |= !messages.records().isEmpty();
            }
        }
        return waiting;
    }

    /** Whether the parked messages' topology look-up finished; starts one when none runs. */
    private boolean decided(ParkedMessages messages) {
        if (messages.barrier() == null) {
            messages.barrier(clients.positions().topologyBarrier());
            return false;
        }
        if (!messages.barrier().isDone()) {
            return false;
        }
        if (messages.barrier().isCompletedExceptionally()) {
            LOG.warn("A topology end-offset look-up failed; retrying");
            messages.retry();
            return false;
        }
        return true;
    }

    /** Drops the messages the finished look-up covered; true when none is left. */
    private boolean dropCovered(String key, ParkedMessages messages) {
        List<QueueRecord.Message> dropped = messages.takeCovered();
        clients.meters().dropped(OwnerMeters.UNKNOWN_QUEUE, dropped.size());
        LOG.debugf("Dropped %d messages for the unknown queue %s", dropped.size(), key.replace('\u0000', '/'));
        return messages.records().isEmpty();
    }

    /** Applies or answers the commands of each control partition in order, as far as their barriers passed. */
    private boolean releaseHeld(Collection<PartitionQueues> partitions) {
        boolean waiting = false;
        for (PartitionQueues partition : partitions) {
            for (HeldCommand head = partition.held().peek(); head != null && release(partition, head);
                    head = partition.held().peek()) {
                partition.held().poll();
            }
            waiting |= !partition.held().isEmpty();
        }
        return waiting;
    }

    /** Applies or answers {@code held} if its barriers passed; false while it has to wait. */
    private boolean release(PartitionQueues partition, HeldCommand held) {
        String key = held.record().queueKey();
        OwnedQueue queue = queues.find(partition, key);
        if (queue == null) {
            if (!topologyPassed(partition, held)) {
                return false;
            }
            queue = queues.find(partition, key);
            if (queue == null) {
                LOG.debugf("Control partition %d: answering %s as an unknown queue", partition.partition(),
                        held.describe());
                notFound(held.record().command());
                return true;
            }
        }
        if (AFTER_QUEUE_END.contains(held.record().command().kind()) && !queueEndPassed(partition, held)) {
            return false;
        }
        LOG.debugf("Control partition %d: applying %s", partition.partition(), held.describe());
        queues.apply(queue, held.record());
        return true;
    }

    /** Logs (once per change) what the head of {@code partition}'s line waits for, and how many wait behind it. */
    private static void waiting(PartitionQueues partition, HeldCommand held, String what) {
        if (held.waitsFor(what) && LOG.isDebugEnabled()) {
            LOG.debugf("Control partition %d: %s waits for %s; %d commands behind it", partition.partition(),
                    held.describe(), what, partition.held().size() - 1);
        }
    }

    /** Whether the topology copy passed tsunagu.topology's end as of the command's arrival. */
    private boolean topologyPassed(PartitionQueues partition, HeldCommand held) {
        if (held.topology() == null) {
            // One look-up covers every command in the line: all of them arrived before it started.
            CompletableFuture<Void> lookup = clients.positions().topologyBarrier();
            partition.held().stream().filter(other -> other.topology() == null)
                    .forEach(other -> other.topology(lookup));
            waiting(partition, held, "the topology look-up (its queue is unknown)");
            return false;
        }
        if (!held.topology().isDone()) {
            waiting(partition, held, "the topology look-up (its queue is unknown)");
            return false;
        }
        if (held.topology().isCompletedExceptionally()) {
            LOG.warn("A topology end-offset look-up failed; retrying");
            held.topology(null);
            return false;
        }
        return true;
    }

    /** Whether this owner read tsunagu.queue's partition up to its end as of the command's arrival. */
    private boolean queueEndPassed(PartitionQueues partition, HeldCommand held) {
        if (held.queueEnd() == null) {
            CompletableFuture<Long> lookup = clients.positions().queueEnd(partition.partition());
            partition.held().stream().filter(other -> other.queueEnd() == null)
                    .forEach(other -> other.queueEnd(lookup));
            waiting(partition, held, "the tsunagu.queue end-offset look-up");
            return false;
        }
        if (!held.queueEnd().isDone()) {
            waiting(partition, held, "the tsunagu.queue end-offset look-up");
            return false;
        }
        if (held.queueEnd().isCompletedExceptionally()) {
            LOG.warn("A tsunagu.queue end-offset look-up failed; retrying");
            held.queueEnd(null);
            return false;
        }
        TopicPartition queueTopic = new TopicPartition(Streams.QUEUE, partition.partition());
        long position = clients.consumer().position(queueTopic);
        long end = held.queueEnd().join();
        if (position < end) {
            waiting(partition, held, "tsunagu.queue to be read up to " + end + " (at " + position + ")");
            return false;
        }
        return true;
    }

    /**
     * The answer for a queue that does not exist, as RabbitMQ gives it: 404 NOT_FOUND, except queue.delete, which
     * succeeds with a count of 0 (rabbitmq-reference.md §e); commands without an answer are ignored.
     */
    private void notFound(QueueCommand command) {
        switch (command.kind()) {
            case CONSUME, GET, STATUS, PURGE -> clients.writer().deliver(AmqpDelivery.reply(
                    command.channel(), command.requestId(), Counts.NONE, new Reply(404,
                            "NOT_FOUND - no queue '" + command.queue() + "' in vhost '" + command.vhost() + "'")));
            case DELETE -> clients.writer().deliver(AmqpDelivery.reply(command.channel(), command.requestId(),
                    new Counts(0, 0), Reply.OK));
            default -> LOG.debugf("Ignoring %s for the unknown queue %s", command.kind(), command.queue());
        }
    }
}
