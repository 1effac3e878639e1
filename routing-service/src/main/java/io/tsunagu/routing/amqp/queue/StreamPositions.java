package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.stream.EndOffsets;
import io.tsunagu.routing.stream.FollowedStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The look-ups behind the owner's barriers, without blocking its thread: the end offset of a tsunagu.queue partition
 * (for "confirmed, then get") and the point where the topology copy has read tsunagu.topology up to its end offsets
 * (for "declared, then used"). Each result holds for every record that arrived before the look-up started.
 *
 * <p>Threading: called on the owner thread; the results complete on the admin client's or the topology reader's
 * thread and are only checked ({@link CompletableFuture#isDone()}) on the owner thread.
 */
final class StreamPositions {

    private final EndOffsets endOffsets;
    private final FollowedStream topology;
    private final Map<Integer, CompletableFuture<Long>> queueEnds = new HashMap<>();
    private CompletableFuture<Void> topologyBarrier;

    StreamPositions(EndOffsets endOffsets, FollowedStream topology) {
        this.endOffsets = endOffsets;
        this.topology = topology;
    }

    /** A new pass of the owner loop: records that arrived since the last look-ups need new ones. */
    void newPass() {
        topologyBarrier = null;
        queueEnds.clear();
    }

    /** Completes once the topology copy holds every record tsunagu.topology held at this pass. */
    CompletableFuture<Void> topologyBarrier() {
        if (topologyBarrier == null) {
            topologyBarrier = endOffsets.of(topology.partitions()).thenCompose(topology::reached)
                    .toCompletableFuture();
        }
        return topologyBarrier;
    }

    /** The end offset of tsunagu.queue's partition {@code partition} at this pass. */
    CompletableFuture<Long> queueEnd(int partition) {
        return queueEnds.computeIfAbsent(partition, p -> {
            TopicPartition queuePartition = new TopicPartition(Streams.QUEUE, p);
            return endOffsets.of(List.of(queuePartition)).thenApply(ends -> ends.get(queuePartition))
                    .toCompletableFuture();
        });
    }
}
