package io.tsunagu.ingest.session;

import io.tsunagu.contracts.event.DeliverySource;
import java.util.HashMap;
import java.util.Map;

/**
 * The highest publish-stream offset delivered to one connection from each partition, to recognise a live delivery
 * that routing sent again after a crash.
 *
 * <p>Routing writes the records of one publish partition in offset order, so for one subscriber the offsets of a
 * partition only grow: a delivery whose offset is not above the last one from its partition is a repeat, and
 * dropping it is what keeps a QoS 2 subscriber's copy exactly once (MQTT 5 §4.3.3). Event-loop only: not
 * thread-safe.
 */
public final class DeliveredOffsets {

    /** Shared by every connection until its first delivery: every connection holds offsets, and many only publish. */
    private static final Map<Integer, Long> NONE = Map.of();

    private Map<Integer, Long> highest = NONE;

    /**
     * Records {@code source} as delivered; false when it is a repeat (its offset is not above the highest seen from
     * its partition). A source without a position is never a repeat and is not recorded.
     */
    public boolean advance(DeliverySource source) {
        if (!source.isKnown()) {
            return true;
        }
        if (highest == NONE) {
            highest = new HashMap<>();
        }
        Long previous = highest.get(source.partition());
        if (previous != null && source.offset() <= previous) {
            return false;
        }
        highest.put(source.partition(), source.offset());
        return true;
    }
}
