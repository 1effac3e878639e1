package io.tsunagu.routing.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Makes a record of one stream (the trigger) wait for an in-memory copy of another stream (the followed one) to
 * hold every record Kafka acknowledged before the trigger record was written.
 *
 * <p>Ingest writes the trigger only after Kafka acknowledged the records it depends on: a PUBLISH follows the SUBACK
 * of its subscriber's session event, and a SUBSCRIBE's session event follows the PUBACK of every retained message
 * published before it. Routing reads the two streams with separate consumers, though, and could handle the trigger
 * before its copy applied those records. So before the trigger record at offset {@code o} of partition {@code p} is
 * handled, it waits until the copy has passed a snapshot of the followed stream's end offsets that was taken after
 * the trigger stream's end offset of {@code p} exceeded {@code o}: that snapshot contains every followed record
 * acknowledged before the trigger was written.
 *
 * <p>A snapshot costs two offset look-ups and covers every trigger record below its trigger end offset, so under load
 * one snapshot covers many records and most records pass without waiting; an idle stream pays the look-ups (about a
 * millisecond on a local network) once per record.
 *
 * <p>Threading: any thread; the result completes on the admin client's or the reader's thread.
 */
public final class StreamBarrier {

    private final String triggerStream;
    private final FollowedStream followed;
    private final EndOffsets endOffsets;
    private final Map<Integer, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** The followed stream's end offsets, read after the trigger partition's end offset was read. */
    private record Snapshot(long triggerEnd, Map<TopicPartition, Long> followedEnds) {
    }

    /**
     * A barrier for records of {@code triggerStream} on {@code followed}.
     *
     * @param followed the copy to wait for; its partitions must be known (it started reading) before {@link #await}
     */
    public StreamBarrier(String triggerStream, FollowedStream followed, EndOffsets endOffsets) {
        this.triggerStream = triggerStream;
        this.followed = followed;
        this.endOffsets = endOffsets;
    }

    /**
     * Completes once the followed copy holds every record acknowledged before the trigger record at {@code offset}
     * of {@code partition} was written. Fails only when an offset look-up fails.
     */
    public CompletionStage<Void> await(int partition, long offset) {
        Snapshot known = snapshots.get(partition);
        if (known != null && offset < known.triggerEnd()) {
            return followed.reached(known.followedEnds());
        }
        return snapshot(partition).thenCompose(snapshot -> followed.reached(snapshot.followedEnds()));
    }

    private CompletionStage<Snapshot> snapshot(int partition) {
        TopicPartition triggerPartition = new TopicPartition(triggerStream, partition);
        return endOffsets.of(List.of(triggerPartition))
                .thenCompose(triggerEnds -> endOffsets.of(followed.partitions())
                        .thenApply(followedEnds -> new Snapshot(triggerEnds.get(triggerPartition), followedEnds)))
                .thenApply(snapshot -> {
                    snapshots.merge(partition, snapshot,
                            (old, fresh) -> fresh.triggerEnd() >= old.triggerEnd() ? fresh : old);
                    return snapshot;
                });
    }
}
