package io.tsunagu.ingest.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QoS 1 messages on their way to one subscriber: at most {@code window} sent and not yet acknowledged (the
 * client's Receive Maximum, MQTT 5 §4.9, or our configured window), the rest in a bounded queue.
 *
 * <p>Packet identifiers are allocated here and never reused while in flight [MQTT-2.2.1-3]. Event-loop only: not
 * thread-safe.
 *
 * @param <T> the message type
 */
public final class OutboundFlow<T> {

    private static final int MAX_PACKET_ID = 65_535;

    private final int window;
    private final int queueCapacity;
    private final Map<Integer, T> inFlight = new HashMap<>();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private int lastPacketId;

    /**
     * A message to send now.
     *
     * @param packetId its packet identifier
     * @param message the message
     * @param <T> the message type
     */
    public record Pending<T>(int packetId, T message) {
    }

    /** A flow with at most {@code window} (1..65535) in flight and {@code queueCapacity} queued. */
    public OutboundFlow(int window, int queueCapacity) {
        if (window < 1 || window > MAX_PACKET_ID) {
            throw new IllegalArgumentException("window must be 1.." + MAX_PACKET_ID + ": " + window);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must not be negative: " + queueCapacity);
        }
        this.window = window;
        this.queueCapacity = queueCapacity;
    }

    /**
     * Queues {@code message}; false (dropped) when the window and the queue behind it are both full. Call
     * {@link #nextToSend()} afterwards to send what the window has room for.
     */
    public boolean enqueue(T message) {
        if (inFlight.size() + queue.size() >= window + queueCapacity) {
            return false;
        }
        queue.addLast(message);
        return true;
    }

    /** The next queued message with its new packet identifier, when the window has room. */
    public Optional<Pending<T>> nextToSend() {
        if (queue.isEmpty() || inFlight.size() >= window) {
            return Optional.empty();
        }
        int packetId = nextPacketId();
        T message = queue.removeFirst();
        inFlight.put(packetId, message);
        return Optional.of(new Pending<>(packetId, message));
    }

    /** Releases the message acknowledged by PUBACK {@code packetId}; false when none was in flight with it. */
    public boolean acknowledge(int packetId) {
        return inFlight.remove(packetId) != null;
    }

    /** Empties the flow (the connection ended) and returns what was in flight or queued. */
    public List<T> abandon() {
        List<T> abandoned = new ArrayList<>(inFlight.values());
        abandoned.addAll(queue);
        inFlight.clear();
        queue.clear();
        return abandoned;
    }

    /** Messages sent and not yet acknowledged. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Messages waiting for room in the window. */
    public int queued() {
        return queue.size();
    }

    private int nextPacketId() {
        int candidate = lastPacketId;
        do {
            candidate = candidate % MAX_PACKET_ID + 1;
        } while (inFlight.containsKey(candidate));
        lastPacketId = candidate;
        return candidate;
    }
}
