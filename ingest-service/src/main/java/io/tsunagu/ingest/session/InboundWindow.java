package io.tsunagu.ingest.session;

import io.tsunagu.contracts.error.IngestError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inbound publishes of one connection: those being handed off, in the order they arrived, and the QoS 2
 * packet identifiers received and not yet released.
 *
 * <p>It bounds the hand-offs in flight (our Receive Maximum, MQTT 5 §4.9), releases PUBACKs and PUBRECs strictly in
 * arrival order even when Kafka acknowledges them out of order [MQTT-4.6.0-2] [MQTT-4.6.0-3], and keeps each QoS 2
 * packet identifier from its PUBLISH to its PUBREL, so a PUBLISH that reuses it in between is recognised and not
 * handed off again [MQTT-4.3.3-10]. Event-loop only: not thread-safe.
 */
public final class InboundWindow {

    /** Shared by every window until its first packet identifier is used: an idle connection has none. */
    private static final Map<Integer, PacketState> NONE = Map.of();

    private final int capacity;
    /** Created with the first publish: an idle connection holds none. */
    private ArrayDeque<Entry> entries;
    private Map<Integer, PacketState> packetIds = NONE;

    /** A window of {@code capacity} hand-offs. */
    public InboundWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Where a packet identifier of the client stands. */
    public enum PacketState {
        /** Not in use: a new publish may take it. */
        FREE,
        /** A QoS 1 publish with it is being handed off; it is free again once PUBACK is sent. */
        QOS1_HANDING_OFF,
        /** A QoS 2 publish with it is being handed off; PUBREC follows. */
        QOS2_HANDING_OFF,
        /** PUBREC was sent for a QoS 2 publish with it: it stays in use until PUBREL [MQTT-4.3.3-10]. */
        QOS2_AWAITING_RELEASE
    }

    /** What a PUBREL found. */
    public enum Release {
        /** The identifier was awaiting release and is free now: answer PUBCOMP. */
        RELEASED,
        /** The identifier is unknown: answer PUBCOMP 0x92 (MQTT 5 §4.3.3). */
        NOT_FOUND,
        /** The publish is still being handed off, so no PUBREC was sent for it yet: a protocol error. */
        NOT_YET_RECEIVED
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

        /** The packet identifier (QoS 1 and 2). */
        public int packetId() {
            return packetId;
        }

        /** The publish QoS. */
        public int qos() {
            return qos;
        }
    }

    /**
     * A PUBACK (QoS 1) or PUBREC (QoS 2) to send now.
     *
     * @param packetId the packet identifier
     * @param qos the publish QoS, which decides the packet
     * @param error null for success, else the refusal to answer with
     */
    public record Ack(int packetId, int qos, IngestError error) {
    }

    /** Starts tracking a publish; the caller checked {@link #stateOf} first. */
    public Entry begin(int packetId, int qos) {
        Entry entry = new Entry(packetId, qos);
        if (entries == null) {
            entries = new ArrayDeque<>();
        }
        entries.addLast(entry);
        if (qos == 1) {
            use(packetId, PacketState.QOS1_HANDING_OFF);
        } else if (qos == 2) {
            use(packetId, PacketState.QOS2_HANDING_OFF);
        }
        return entry;
    }

    /**
     * Marks {@code entry} finished ({@code error} null on success) and returns the acks that may now be sent: those
     * of the finished QoS 1 and 2 publishes at the head of the window, in arrival order. A QoS 1 identifier is free
     * once acked; a QoS 2 identifier stays in use until PUBREL, unless PUBREC refuses the publish (a reason code of
     * 0x80 or more ends the flow, MQTT 5 §4.3.3).
     */
    public List<Ack> complete(Entry entry, IngestError error) {
        entry.done = true;
        entry.error = error;
        List<Ack> acks = new ArrayList<>();
        while (!entries.isEmpty() && entries.peekFirst().done) {
            Entry head = entries.removeFirst();
            if (head.qos > 0) {
                settle(head);
                acks.add(new Ack(head.packetId, head.qos, head.error));
            }
        }
        return acks;
    }

    /** Handles PUBREL {@code packetId}: frees the identifier when it was awaiting release. */
    public Release release(int packetId) {
        PacketState state = stateOf(packetId);
        if (state == PacketState.QOS2_AWAITING_RELEASE) {
            packetIds.remove(packetId);
            return Release.RELEASED;
        }
        return state == PacketState.FREE ? Release.NOT_FOUND : Release.NOT_YET_RECEIVED;
    }

    /**
     * The QoS 2 packet identifiers received and not yet released, in ascending order: the session keeps them, so
     * that another connection answers their PUBREL and a repeated PUBLISH with PUBREC only [MQTT-4.3.3-10].
     */
    public List<Integer> pendingReleases() {
        List<Integer> pending = new ArrayList<>();
        packetIds.forEach((packetId, state) -> {
            if (state == PacketState.QOS2_AWAITING_RELEASE) {
                pending.add(packetId);
            }
        });
        pending.sort(null);
        return pending;
    }

    /**
     * Restores the identifiers a resumed session was awaiting PUBREL for (they count towards Receive Maximum
     * [MQTT-3.3.4-9] until released). Call before the first PUBLISH of the connection.
     */
    public void restorePendingReleases(List<Integer> pending) {
        for (int packetId : pending) {
            use(packetId, PacketState.QOS2_AWAITING_RELEASE);
        }
    }

    /** Where {@code packetId} stands. */
    public PacketState stateOf(int packetId) {
        return packetIds.getOrDefault(packetId, PacketState.FREE);
    }

    /** True when as many publishes are being handed off as the window allows: time to stop reading. */
    public boolean isFull() {
        return size() >= capacity;
    }

    /** True when no hand-off is in flight. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Number of publishes being handed off. */
    public int size() {
        return entries == null ? 0 : entries.size();
    }

    /**
     * Number of QoS 1 and QoS 2 publishes not yet completed: QoS 1 until PUBACK, QoS 2 until PUBCOMP. This is what
     * MQTT 5's Receive Maximum counts [MQTT-3.3.4-7].
     */
    public int unacknowledged() {
        return packetIds.size();
    }

    /** The configured capacity. */
    public int capacity() {
        return capacity;
    }

    private void use(int packetId, PacketState state) {
        if (packetIds == NONE) {
            packetIds = new HashMap<>();
        }
        packetIds.put(packetId, state);
    }

    private void settle(Entry entry) {
        if (entry.qos == 2 && entry.error == null) {
            use(entry.packetId, PacketState.QOS2_AWAITING_RELEASE);
        } else {
            packetIds.remove(entry.packetId);
        }
    }
}
