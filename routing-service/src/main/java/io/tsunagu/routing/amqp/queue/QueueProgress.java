package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.event.DeliverySource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a queue's owner tracks to persist the queue's progress ({@link QueueState}): the settled offsets, the source
 * high-waters, and how far deliveries may have gone. Starts from the state a previous owner left.
 *
 * <p>Threading: the owner thread only.
 */
final class QueueProgress {

    /** Records below it were processed by a previous owner: its state says which of them are settled. */
    private final long restoredUpTo;
    private final long restoredLowWater;
    private final TreeSet<Long> settled = new TreeSet<>();
    private final Map<Integer, Long> sourceHighWaters;
    /** The previous owner's delivered bound: unsettled messages at or below it go out with redelivered set. */
    private final long restoredDeliveredBound;
    private long deliveredBound;
    private boolean dirty;

    QueueProgress(QueueState restored) {
        this.restoredUpTo = restored.seenUpTo();
        this.restoredLowWater = restored.lowWater();
        for (long offset : restored.settled()) {
            settled.add(offset);
        }
        this.sourceHighWaters = new HashMap<>(restored.sourceHighWaters());
        this.deliveredBound = restored.deliveredBound();
        this.restoredDeliveredBound = restored.deliveredBound();
    }

    /** What a record at {@code offset} is to the queue. */
    enum Admission {
        /** A new message (or an unsettled one of the previous owner): index it. */
        TAKE,
        /** Settled under a previous owner: skip it. */
        SETTLED,
        /** A copy of a record already taken (its source offset is not above the high-water): drop it. */
        DUPLICATE
    }

    /** Decides on the record at {@code offset} made from {@code source}, and notes its source when taken. */
    Admission admit(long offset, DeliverySource source) {
        if (offset < restoredUpTo) {
            // Decided before: the previous owner's state says. Its high-waters already cover these records.
            return offset < restoredLowWater || settled.contains(offset) ? Admission.SETTLED : Admission.TAKE;
        }
        Long highWater = sourceHighWaters.get(source.partition());
        if (highWater != null && source.offset() <= highWater) {
            settle(offset);
            return Admission.DUPLICATE;
        }
        sourceHighWaters.put(source.partition(), source.offset());
        dirty = true;
        return Admission.TAKE;
    }

    /** Whether the message at {@code offset} may have been delivered by a previous owner. */
    boolean mayHaveBeenDelivered(long offset) {
        return offset <= restoredDeliveredBound;
    }

    void settle(long offset) {
        settled.add(offset);
        dirty = true;
    }

    /** Whether delivering {@code offset} needs the delivered bound raised (and persisted) first. */
    boolean needsBound(long offset) {
        return offset > deliveredBound;
    }

    /** Raises the delivered bound to {@code bound}: it must be persisted before any delivery above the old one. */
    void raiseBound(long bound) {
        if (bound > deliveredBound) {
            deliveredBound = bound;
            dirty = true;
        }
    }

    void markDirty() {
        dirty = true;
    }

    boolean dirty() {
        return dirty;
    }

    /**
     * The state to persist, given the lowest unsettled offset ({@code position} when none) and the partition
     * position; forgets the settled offsets below the low-water and clears the dirty mark.
     */
    QueueState snapshot(long lowestUnsettled, long position, List<QueueState.Consumer> consumers,
            QueueState.Counts counts) {
        long lowWater = Math.min(lowestUnsettled, position);
        settled.headSet(lowWater).clear();
        long[] settledAbove = settled.stream().mapToLong(Long::longValue).toArray();
        dirty = false;
        return new QueueState(position, lowWater, settledAbove, deliveredBound, sourceHighWaters, consumers,
                counts);
    }
}
