package io.tsunagu.ingest.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The QoS 1 and 2 messages handed to one connection and not yet written to its socket: on their way to its event loop
 * or waiting in its queue behind the in-flight window.
 *
 * <p>The delivery stream waits for room here before it hands a connection another QoS 1 or 2 message, so a subscriber
 * that acknowledges slowly holds the stream back (Kafka keeps the rest, durably) instead of losing messages from a
 * full queue: backpressure, not unbounded buffering and not silent drops (ARCHITECTURE.md invariant 5).
 *
 * <p>Thread-safe: the delivery stream's thread reserves, the connection's event loop releases. The fields are volatile
 * with field updaters rather than atomic objects: every connection holds a backlog, idle or not.
 */
final class OutboundBacklog {

    private static final CompletableFuture<Void> ROOM = CompletableFuture.completedFuture(null);
    private static final AtomicIntegerFieldUpdater<OutboundBacklog> SIZE =
            AtomicIntegerFieldUpdater.newUpdater(OutboundBacklog.class, "size");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<OutboundBacklog, CompletableFuture> ROOM_SIGNAL =
            AtomicReferenceFieldUpdater.newUpdater(OutboundBacklog.class, CompletableFuture.class, "roomSignal");

    private final int capacity;
    private volatile int size;
    private volatile boolean closed;
    private volatile boolean stalled;
    private volatile CompletableFuture<Void> roomSignal;

    OutboundBacklog(int capacity) {
        this.capacity = capacity;
    }

    /** Completes once there is room for one more message, at once while there is; at once after {@link #close()}. */
    CompletionStage<Void> awaitRoom() {
        if (hasRoom()) {
            return ROOM;
        }
        CompletableFuture<Void> signal = new CompletableFuture<>();
        roomSignal = signal;
        // Released between the check and the registration: nobody else would complete the signal.
        if (hasRoom()) {
            signal.complete(null);
        }
        return signal;
    }

    /**
     * The subscriber made no room within the configured wait: until it does, messages for it are handed over at
     * once (its full queue drops them) instead of each waiting again and holding every other subscriber back.
     */
    void markStalled() {
        stalled = true;
    }

    /** Counts one more message handed to the connection. */
    void reserve() {
        SIZE.incrementAndGet(this);
    }

    /** {@code count} messages left the backlog: written, or dropped. */
    void release(int count) {
        if (closed) {
            return;
        }
        if (SIZE.addAndGet(this, -count) < capacity) {
            stalled = false;
        }
        signalRoom();
    }

    /** The connection ended: nothing waits for it any more, and later messages are dropped on arrival. */
    void close() {
        closed = true;
        size = 0;
        signalRoom();
    }

    /** Messages handed and not yet written. */
    int size() {
        return size;
    }

    private boolean hasRoom() {
        return closed || stalled || size < capacity;
    }

    private void signalRoom() {
        CompletableFuture<Void> signal = roomSignal;
        if (signal != null && hasRoom() && ROOM_SIGNAL.compareAndSet(this, signal, null)) {
            signal.complete(null);
        }
    }
}
