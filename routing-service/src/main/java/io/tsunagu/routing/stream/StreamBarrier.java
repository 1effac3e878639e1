package io.tsunagu.routing.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Makes a record of one stream (the trigger) wait for an in-memory copy of another stream (the followed one) to
 * hold every record Kafka acknowledged before the trigger record was written.
 *
 * <p>Ingest writes the trigger only after Kafka acknowledged the records it depends on: a PUBLISH follows the SUBACK
 * of its subscriber's session event, and a SUBSCRIBE's session event follows the PUBACK of every retained message
 * published before it. Routing reads the two streams with separate consumers, though, and could handle the trigger
 * before its copy applied those records. So before the trigger record at offset {@code o} of partition {@code p} is
 * handled, it waits until the copy has passed end offsets of the followed stream that were read after the trigger
 * record was written.
 *
 * <p>A trigger record this process has read (polled) was written before; so followed ends looked up afterwards
 * cover it. One look-up therefore covers, in every trigger partition: the record it is made for, every record polled
 * before it started, and every record below the trigger end offsets that earlier look-ups read (it reads those in the
 * same request, for the look-ups after it: the two may be read in either order). Under load most records pass
 * without waiting; the record at the head of a caught-up channel pays one request (about a millisecond on a local
 * network) for everything polled with it.
 *
 * <p>Threading: any thread; the result completes on the admin client's or the reader's thread.
 */
public final class StreamBarrier {

    private final String triggerStream;
    private final FollowedStream followed;
    private final EndOffsets endOffsets;
    private final Supplier<Map<Integer, Long>> polled;
    /** Per trigger partition, the highest end offset a completed look-up read. */
    private final Map<Integer, Long> triggerEnds = new ConcurrentHashMap<>();
    private final AtomicLong lookUps = new AtomicLong();
    private final AtomicReference<Snapshot> latest = new AtomicReference<>();

    /**
     * Followed end offsets, from the look-up started {@code number}th, that cover every trigger record below the
     * {@code covered} offset of its partition.
     */
    private record Snapshot(long number, Map<Integer, Long> covered, Map<TopicPartition, Long> followedEnds) {

        boolean covers(int partition, long offset) {
            return offset < covered.getOrDefault(partition, 0L);
        }
    }

    /**
     * A barrier for records of {@code triggerStream} on {@code followed}.
     *
     * @param followed the copy to wait for; its partitions must be known (it started reading) before {@link #await}
     * @param polled per trigger partition, the offset after the last record this process polled from it
     */
    public StreamBarrier(String triggerStream, FollowedStream followed, EndOffsets endOffsets,
            Supplier<Map<Integer, Long>> polled) {
        this.triggerStream = triggerStream;
        this.followed = followed;
        this.endOffsets = endOffsets;
        this.polled = polled;
    }

    /**
     * Completes once the followed copy holds every record acknowledged before the trigger record at {@code offset}
     * of {@code partition} was written. Fails only when an offset look-up fails.
     *
     * @param offset a record the caller read from the trigger stream (so it is written already)
     */
    public CompletionStage<Void> await(int partition, long offset) {
        Snapshot known = latest.get();
        if (known != null && known.covers(partition, offset)) {
            return followed.reached(known.followedEnds());
        }
        return lookUp(partition, offset).thenCompose(snapshot -> followed.reached(snapshot.followedEnds()));
    }

    private CompletionStage<Snapshot> lookUp(int partition, long offset) {
        long number = lookUps.incrementAndGet();
        // Read before the request is sent: every trigger record below these was written before the followed ends are.
        Map<Integer, Long> covered = new HashMap<>(triggerEnds);
        polled.get().forEach((polledPartition, next) -> covered.merge(polledPartition, next, Math::max));
        covered.merge(partition, offset + 1, Math::max);
        List<TopicPartition> partitions = new ArrayList<>(followed.partitions());
        covered.keySet().forEach(triggerPartition -> partitions.add(new TopicPartition(triggerStream, triggerPartition)));
        return endOffsets.of(partitions).thenApply(ends -> {
            covered.keySet().forEach(triggerPartition -> triggerEnds.merge(triggerPartition,
                    ends.remove(new TopicPartition(triggerStream, triggerPartition)), Math::max));
            Snapshot snapshot = new Snapshot(number, covered, ends);
            latest.accumulateAndGet(snapshot, (old, fresh) -> old == null || fresh.number() > old.number() ? fresh : old);
            return snapshot;
        });
    }
}
