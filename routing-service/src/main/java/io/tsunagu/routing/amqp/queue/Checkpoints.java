package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.stream.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Persists the owned queues' progress: their states on tsunagu.queue-state, then (only once Kafka has every state)
 * the group's offsets: tsunagu.queue up to the lowest unsettled (or parked) message of the partition, so a new owner
 * replays everything still open, and tsunagu.queue-control up to the last command applied. Offsets that did not
 * move are not committed again.
 *
 * <p>Threading: the owner thread only.
 */
final class Checkpoints {

    private static final Logger LOG = Logger.getLogger(Checkpoints.class);

    private final OwnerClients clients;
    private final Duration writeTimeout;
    private final ToLongFunction<OwnedQueue> positionOf;
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /**
     * Checkpoints through {@code clients}; {@code positionOf} gives the position of a queue's partition (the next
     * offset to process).
     */
    Checkpoints(OwnerClients clients, Duration writeTimeout, ToLongFunction<OwnedQueue> positionOf) {
        this.clients = clients;
        this.writeTimeout = writeTimeout;
        this.positionOf = positionOf;
    }

    /** Writes the changed states of {@code which} and, once Kafka has them, commits their offsets. */
    void flush(Collection<PartitionQueues> which) {
        List<OwnedQueue> changed = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionQueues partition : which) {
            if (partition.rebuilding()) {
                continue;
            }
            partition.queues().values().stream().filter(queue -> queue.progress().dirty()).forEach(changed::add);
            offset(offsets, new TopicPartition(Streams.QUEUE, partition.partition()), partition.queueCommitOffset());
            offset(offsets, new TopicPartition(Streams.QUEUE_CONTROL, partition.partition()),
                    partition.controlCommitOffset());
        }
        if (!persist(changed) || offsets.isEmpty()) {
            return;
        }
        try {
            clients.consumer().commitSync(offsets);
            offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        } catch (KafkaException e) {
            LOG.warnf("Committing the queue offsets failed (%s); the next flush commits again", e.getMessage());
        }
    }

    private void offset(Map<TopicPartition, OffsetAndMetadata> offsets, TopicPartition partition, long offset) {
        if (committed.getOrDefault(partition, -1L) != offset) {
            offsets.put(partition, new OffsetAndMetadata(offset));
        }
    }

    /** Forgets what was committed for partitions handed over: a later owner of them commits its own. */
    void forget(int partition) {
        committed.remove(new TopicPartition(Streams.QUEUE, partition));
        committed.remove(new TopicPartition(Streams.QUEUE_CONTROL, partition));
    }

    /** Writes the states of {@code queues} and waits for Kafka; false when a write failed. */
    boolean persist(List<OwnedQueue> queues) {
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        for (OwnedQueue queue : queues) {
            writes.add(clients.writer().state(Streams.queueKey(queue.vhost(), queue.name()),
                    queue.snapshot(positionOf.applyAsLong(queue))));
        }
        try {
            for (Future<RecordMetadata> write : writes) {
                write.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            queues.forEach(queue -> queue.progress().markDirty());
            LOG.errorf("Writing %d queue states failed: %s", queues.size(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
