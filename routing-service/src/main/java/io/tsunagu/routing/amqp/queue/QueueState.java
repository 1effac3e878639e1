package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.ChannelRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A queue's progress as persisted on tsunagu.queue-state ({@link QueueStateCodec}): not its messages, which stay in
 * tsunagu.queue, but what a new owner needs to rebuild it from there.
 *
 * @param seenUpTo the partition position when it was written: every record of the queue below it was processed
 * @param lowWater every message of the queue below this offset is settled
 * @param settled the settled offsets at or above {@code lowWater} (ascending)
 * @param deliveredBound no message above this offset was delivered (-1: none): unsettled ones at or below it may
 *     have been and are redelivered with redelivered set
 * @param sourceHighWaters per publish-stream partition, the highest source offset taken (duplicate suppression)
 * @param consumers the consumers registered, so they keep being served by the next owner
 * @param counts its message counts when written (for storage's copy and operators; the owner recounts)
 */
record QueueState(
        long seenUpTo,
        long lowWater,
        long[] settled,
        long deliveredBound,
        Map<Integer, Long> sourceHighWaters,
        List<Consumer> consumers,
        Counts counts) {

    QueueState {
        Objects.requireNonNull(settled, "settled");
        Objects.requireNonNull(counts, "counts");
        sourceHighWaters = Map.copyOf(sourceHighWaters);
        consumers = List.copyOf(consumers);
    }

    /** The state of a queue nothing is known of. */
    static QueueState empty() {
        return new QueueState(0, 0, new long[0], -1, Map.of(), List.of(), new Counts(0, 0));
    }

    /**
     * A queue's message counts.
     *
     * @param ready messages ready for delivery (what queue.declare-ok reports)
     * @param unacked messages delivered and not settled yet
     */
    record Counts(long ready, long unacked) {
    }

    /**
     * A registered consumer.
     *
     * @param channel its channel
     * @param tag its consumer tag
     * @param prefetch its prefetch count
     * @param flags its CONSUME flags
     * @param channelSince when the channel was first heard of (record time of its first command, ingest's clock)
     */
    record Consumer(ChannelRef channel, String tag, int prefetch, int flags, long channelSince) {
    }
}
