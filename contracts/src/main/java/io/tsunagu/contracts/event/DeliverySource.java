package io.tsunagu.contracts.event;

/**
 * Where a routed message sits in the publish stream: its partition and offset.
 *
 * <p>Routing writes the records of one publish partition to a node's delivery stream in offset order, and after a
 * routing crash it routes a stretch of them again. So for one subscriber the offsets of a partition only grow,
 * and a delivery whose offset is not above the last one seen from its partition is a repeat: that is how a QoS 2
 * subscriber gets each message exactly once.
 *
 * @param partition the publish-stream partition, or -1 when the message did not come from the stream
 * @param offset the record's offset in that partition, or -1
 */
public record DeliverySource(int partition, long offset) {

    private static final DeliverySource NONE = new DeliverySource(-1, -1);

    public DeliverySource {
        if (partition < -1 || offset < -1 || (partition == -1) != (offset == -1)) {
            throw new IllegalArgumentException("bad delivery source " + partition + "@" + offset);
        }
    }

    /** No position: the message did not come straight from the publish stream (e.g. a retained message). */
    public static DeliverySource none() {
        return NONE;
    }

    /** Whether the position is known. */
    public boolean isKnown() {
        return partition >= 0;
    }
}
