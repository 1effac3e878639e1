package io.tsunagu.ingest.transport.amqp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The unacknowledged deliveries of one channel: delivery tag → (queue, queue offset), for turning basic.ack, nack
 * and reject into SETTLE commands for each queue's owner. Delivery tags are the channel's (1, 2, 3... in the order
 * written to the socket). Event-loop only.
 */
final class UnackedDeliveries {

    /** One unacknowledged delivery. */
    record Unacked(long deliveryTag, String queue, long offset) {
    }

    private final TreeMap<Long, Unacked> byTag = new TreeMap<>();

    void add(long deliveryTag, String queue, long offset) {
        byTag.put(deliveryTag, new Unacked(deliveryTag, queue, offset));
    }

    /**
     * Removes and returns what {@code deliveryTag} names: itself, or with {@code multiple} every delivery up to it
     * (tag 0 with multiple: all of them, AMQP 0-9-1 basic.ack). Null when the tag is not outstanding (RabbitMQ: 406
     * PRECONDITION_FAILED "unknown delivery tag").
     */
    List<Unacked> take(long deliveryTag, boolean multiple) {
        if (multiple && deliveryTag == 0) {
            List<Unacked> all = new ArrayList<>(byTag.values());
            byTag.clear();
            return all;
        }
        if (!byTag.containsKey(deliveryTag)) {
            return null;
        }
        if (!multiple) {
            return List.of(byTag.remove(deliveryTag));
        }
        NavigableMap<Long, Unacked> upTo = byTag.headMap(deliveryTag, true);
        List<Unacked> taken = new ArrayList<>(upTo.values());
        upTo.clear();
        return taken;
    }

    /** Puts deliveries back (a tx.rollback discards the acks of the transaction, the messages stay unacked). */
    void restore(Collection<Unacked> deliveries) {
        deliveries.forEach(unacked -> byTag.put(unacked.deliveryTag(), unacked));
    }

    /** Removes and returns every delivery (basic.recover, channel close). */
    List<Unacked> takeAll() {
        return take(0, true);
    }

    /** Queues with unacknowledged deliveries. */
    Set<String> queues() {
        Set<String> queues = new LinkedHashSet<>();
        byTag.values().forEach(unacked -> queues.add(unacked.queue()));
        return queues;
    }

    int size() {
        return byTag.size();
    }

    /** The queue offsets of {@code deliveries}, per queue, in increasing order. */
    static Map<String, long[]> offsetsByQueue(Collection<Unacked> deliveries) {
        Map<String, List<Long>> grouped = new TreeMap<>();
        deliveries.forEach(unacked -> grouped.computeIfAbsent(unacked.queue(), queue -> new ArrayList<>())
                .add(unacked.offset()));
        Map<String, long[]> offsets = new TreeMap<>();
        grouped.forEach((queue, list) -> offsets.put(queue, list.stream().mapToLong(Long::longValue).sorted()
                .toArray()));
        return offsets;
    }
}
