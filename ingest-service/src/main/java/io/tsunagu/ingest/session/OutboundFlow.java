package io.tsunagu.ingest.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QoS 1 and QoS 2 messages on their way to one subscriber: at most {@code window} sent and not yet completed (the
 * client's Receive Maximum, MQTT 5 §4.9, or our configured window), the rest in a bounded queue.
 *
 * <p>A QoS 1 message completes with PUBACK. A QoS 2 message goes PUBLISH, PUBREC, PUBREL, PUBCOMP and holds its
 * place in the window until PUBCOMP [MQTT-3.3.4-9]; a PUBREC with a reason code of 0x80 or more
 * ends it early (MQTT 5 §4.3.3). Packet identifiers are allocated here and never reused while in flight
 * [MQTT-2.2.1-3]. A resumed session brings back its QoS 2 messages that await PUBCOMP ({@link #resumeReleases}):
 * they hold their packet identifiers and places in the window until PUBCOMP, like those sent here.
 * Event-loop only: not thread-safe.
 *
 * @param <T> the message type
 */
public final class OutboundFlow<T> {

    private static final int MAX_PACKET_ID = 65_535;

    private final int window;
    private final int queueCapacity;
    /** By packet identifier, in the order they were sent. */
    private final Map<Integer, InFlight<T>> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<InFlight<T>> queue = new ArrayDeque<>();
    private int lastPacketId;

    /**
     * What the client had not acknowledged when the flow was abandoned.
     *
     * @param inFlight sent without PUBACK or PUBREC, in the order they were sent: a copy sent again gets DUP 1
     * @param queued never sent, in queue order
     * @param releasing the packet ids of the QoS 2 messages whose PUBREC arrived and whose PUBCOMP did not, in the
     *     order they were sent: the client has them, and gets PUBREL again when its session resumes [MQTT-4.4.0-1]
     * @param <T> the message type
     */
    public record Unacknowledged<T>(List<T> inFlight, List<T> queued, List<Integer> releasing) {

        /** Nothing unacknowledged. */
        public static <T> Unacknowledged<T> none() {
            return new Unacknowledged<>(List.of(), List.of(), List.of());
        }

        /** Everything unacknowledged: in flight first, then queued. */
        public List<T> all() {
            List<T> all = new ArrayList<>(inFlight.size() + queued.size());
            all.addAll(inFlight);
            all.addAll(queued);
            return all;
        }
    }

    /**
     * A message to send now.
     *
     * @param packetId its packet identifier
     * @param message the message
     * @param <T> the message type
     */
    public record Pending<T>(int packetId, T message) {
    }

    /** Where a message in flight stands: the acknowledgement it waits for. */
    private enum Stage {
        AWAITING_PUBACK,
        AWAITING_PUBREC,
        AWAITING_PUBCOMP
    }

    /** A queued or sent message and its stage; a QoS 2 message resumed from an earlier connection has no message. */
    private static final class InFlight<T> {
        private final T message;
        private Stage stage;

        private InFlight(T message, Stage stage) {
            this.message = message;
            this.stage = stage;
        }
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
     * Queues {@code message} to be sent with {@code qos} (1 or 2); false (dropped) when the window and the queue
     * behind it are both full. Call {@link #nextToSend()} afterwards to send what the window has room for.
     */
    public boolean enqueue(T message, int qos) {
        if (qos != 1 && qos != 2) {
            throw new IllegalArgumentException("only QoS 1 and 2 messages are tracked: " + qos);
        }
        if (inFlight.size() + queue.size() >= window + queueCapacity) {
            return false;
        }
        queue.addLast(new InFlight<>(message, qos == 1 ? Stage.AWAITING_PUBACK : Stage.AWAITING_PUBREC));
        return true;
    }

    /** The next queued message with its new packet identifier, when the window has room. */
    public Optional<Pending<T>> nextToSend() {
        if (queue.isEmpty() || inFlight.size() >= window) {
            return Optional.empty();
        }
        int packetId = nextPacketId();
        InFlight<T> next = queue.removeFirst();
        inFlight.put(packetId, next);
        return Optional.of(new Pending<>(packetId, next.message));
    }

    /** Completes the QoS 1 message acknowledged by PUBACK {@code packetId}; false when none waited for it. */
    public boolean acknowledge(int packetId) {
        return removeAt(packetId, Stage.AWAITING_PUBACK);
    }

    /**
     * Handles a successful PUBREC {@code packetId}: the QoS 2 message now waits for PUBCOMP. True when PUBREL is
     * to be sent, also for a repeated PUBREC; false when no QoS 2 message has that identifier.
     */
    public boolean receive(int packetId) {
        InFlight<T> message = inFlight.get(packetId);
        if (message == null || message.stage == Stage.AWAITING_PUBACK) {
            return false;
        }
        message.stage = Stage.AWAITING_PUBCOMP;
        return true;
    }

    /**
     * Takes over the QoS 2 messages of a resumed session that the client received (PUBREC) and did not complete
     * (PUBCOMP) on an earlier connection: each waits for PUBCOMP again, keeping its packet identifier in use
     * [MQTT-2.2.1-3] and its place in the window [MQTT-3.3.4-9]. Identifiers already in flight are kept as they are.
     */
    public void resumeReleases(List<Integer> packetIds) {
        for (int packetId : packetIds) {
            if (packetId < 1 || packetId > MAX_PACKET_ID) {
                throw new IllegalArgumentException("packet identifier out of range: " + packetId);
            }
            inFlight.putIfAbsent(packetId, new InFlight<>(null, Stage.AWAITING_PUBCOMP));
        }
    }

    /** The packet ids of the QoS 2 messages waiting for PUBCOMP, in the order they were sent (or resumed). */
    public List<Integer> awaitingPubcomp() {
        List<Integer> packetIds = new ArrayList<>();
        inFlight.forEach((packetId, message) -> {
            if (message.stage == Stage.AWAITING_PUBCOMP) {
                packetIds.add(packetId);
            }
        });
        return List.copyOf(packetIds);
    }

    /** Completes the QoS 2 message released by PUBCOMP {@code packetId}; false when none waited for it. */
    public boolean complete(int packetId) {
        return removeAt(packetId, Stage.AWAITING_PUBCOMP);
    }

    /**
     * Ends the flow of {@code packetId} whatever its stage: a PUBREC refused it, or the message was not sent after
     * all. False when nothing was in flight with it.
     */
    public boolean discard(int packetId) {
        return inFlight.remove(packetId) != null;
    }

    /**
     * Empties the flow (the connection ended) and returns what the client has not acknowledged: the messages in
     * flight without PUBACK or PUBREC, in the order they were sent, and the queued ones. A QoS 2 message whose
     * PUBREC arrived is not among them: the client has it, only PUBCOMP was outstanding (MQTT 5 §4.3.3); its packet
     * id is returned with the others awaiting PUBCOMP.
     */
    public Unacknowledged<T> abandon() {
        List<Integer> releasing = awaitingPubcomp();
        List<T> sent = new ArrayList<>(inFlight.size());
        inFlight.values().stream()
                .filter(message -> message.stage != Stage.AWAITING_PUBCOMP)
                .forEach(message -> sent.add(message.message));
        List<T> unsent = new ArrayList<>(queue.size());
        queue.forEach(message -> unsent.add(message.message));
        inFlight.clear();
        queue.clear();
        return new Unacknowledged<>(List.copyOf(sent), List.copyOf(unsent), releasing);
    }

    /**
     * The message in flight with {@code packetId}, whatever its stage; empty when there is none, or when it was
     * resumed from an earlier connection (only its packet id is known).
     */
    public Optional<T> messageAt(int packetId) {
        InFlight<T> message = inFlight.get(packetId);
        return message == null ? Optional.empty() : Optional.ofNullable(message.message);
    }

    /** How many more messages {@link #enqueue} accepts now. */
    public int room() {
        return Math.max(0, window + queueCapacity - inFlight.size() - queue.size());
    }

    /** Messages sent and not yet completed. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Messages waiting for room in the window. */
    public int queued() {
        return queue.size();
    }

    private boolean removeAt(int packetId, Stage stage) {
        InFlight<T> message = inFlight.get(packetId);
        if (message == null || message.stage != stage) {
            return false;
        }
        inFlight.remove(packetId);
        return true;
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
