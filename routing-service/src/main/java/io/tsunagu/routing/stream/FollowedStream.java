package io.tsunagu.routing.stream;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;

/**
 * How far an in-memory copy of a compacted stream has read: whether it caught up with the stream as it was at start,
 * and whether it passed given end offsets. Implemented by {@link CompactedStreamReader} and the readers that own one.
 * Any thread.
 */
public interface FollowedStream {

    /** Completes once every record the stream had when reading started has been applied; never fails. */
    CompletionStage<Void> caughtUp();

    /** Whether every record the stream had when reading started has been applied. */
    boolean isCaughtUp();

    /**
     * Completes once every record below {@code ends} (partition to offset) has been applied, that is once the
     * reader's position in each of those partitions reached its end offset. Never fails; it stays pending while
     * the reader is down, which liveness reports.
     */
    CompletionStage<Void> reached(Map<TopicPartition, Long> ends);

    /** The stream's partitions being read (all of them), empty before they were found. */
    Set<TopicPartition> partitions();

    /** Why reading stopped on its own, if it did: the copy no longer follows the stream. */
    Optional<Throwable> failure();
}
