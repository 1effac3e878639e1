package io.tsunagu.ingest.session;

import io.tsunagu.contracts.error.IngestError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The publishes of one connection that are being handed off, in the order they arrived.
 *
 * <p>It bounds the hand-offs in flight (our Receive Maximum, MQTT 5 §4.9) and releases PUBACKs strictly in arrival
 * order even when Kafka acknowledges them out of order [MQTT-4.6.0-2]. Event-loop only: not thread-safe.
 */
public final class InboundWindow {

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Set<Integer> qos1PacketIds = new HashSet<>();

    /** A window of {@code capacity} hand-offs. */
    public InboundWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** One publish being handed off. */
    public static final class Entry {
        private final int packetId;
        private final int qos;
        private boolean done;
        private IngestError error;

        private Entry(int packetId, int qos) {
            this.packetId = packetId;
            this.qos = qos;
        }

        /** The packet identifier (QoS 1). */
        public int packetId() {
            return packetId;
        }

        /** The publish QoS. */
        public int qos() {
            return qos;
        }
    }

    /**
     * A PUBACK to send now.
     *
     * @param packetId the packet identifier
     * @param error null for success, else the refusal to answer with
     */
    public record Ack(int packetId, IngestError error) {
    }

    /** Starts tracking a publish. */
    public Entry begin(int packetId, int qos) {
        Entry entry = new Entry(packetId, qos);
        entries.addLast(entry);
        if (qos > 0) {
            qos1PacketIds.add(packetId);
        }
        return entry;
    }

    /**
     * Marks {@code entry} finished ({@code error} null on success) and returns the PUBACKs that may now be sent:
     * those of the finished QoS 1 publishes at the head of the window, in arrival order.
     */
    public List<Ack> complete(Entry entry, IngestError error) {
        entry.done = true;
        entry.error = error;
        List<Ack> acks = new ArrayList<>();
        while (!entries.isEmpty() && entries.peekFirst().done) {
            Entry head = entries.removeFirst();
            if (head.qos > 0) {
                qos1PacketIds.remove(head.packetId);
                acks.add(new Ack(head.packetId, head.error));
            }
        }
        return acks;
    }

    /** True when as many publishes are in flight as the window allows: time to stop reading. */
    public boolean isFull() {
        return entries.size() >= capacity;
    }

    /** True when nothing is in flight. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Number of publishes in flight. */
    public int size() {
        return entries.size();
    }

    /** Number of QoS 1 publishes not yet acknowledged: what MQTT 5's Receive Maximum counts. */
    public int qos1InFlight() {
        return qos1PacketIds.size();
    }

    /** True when a QoS 1 publish with {@code packetId} is not yet acknowledged. */
    public boolean isInFlight(int packetId) {
        return qos1PacketIds.contains(packetId);
    }

    /** The configured capacity. */
    public int capacity() {
        return capacity;
    }
}
