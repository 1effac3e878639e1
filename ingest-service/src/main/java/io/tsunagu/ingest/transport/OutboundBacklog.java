package io.tsunagu.ingest.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The QoS 1 and 2 messages handed to one connection and not yet written to its socket: on their way to its event loop
 * or waiting in its queue behind the in-flight window.
 *
 * <p>The delivery stream waits for room here before it hands a connection another QoS 1 or 2 message, so a subscriber
 * that acknowledges slowly holds the stream back (Kafka keeps the rest, durably) instead of losing messages from a
 * full queue: backpressure, not unbounded buffering and not silent drops (ARCHITECTURE.md invariant 5).
 *
 * <p>Thread-safe: the delivery stream's thread reserves, the connection's event loop releases.
 */
final class OutboundBacklog {

    private static final CompletableFuture<Void> ROOM = CompletableFuture.completedFuture(null);

    private final int capacity;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<Void>> roomSignal = new AtomicReference<>();

    OutboundBacklog(int capacity) {
        this.capacity = capacity;
    }

    /** Completes once there is room for one more message, at once while there is; at once after {@link #close()}. */
    CompletionStage<Void> awaitRoom() {
        if (hasRoom()) {
            return ROOM;
        }
        CompletableFuture<Void> signal = new CompletableFuture<>();
        roomSignal.set(signal);
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
        stalled.set(true);
    }

    /** Counts one more message handed to the connection. */
    void reserve() {
        size.incrementAndGet();
    }

    /** {@code count} messages left the backlog: written, or dropped. */
    void release(int count) {
        if (closed.get()) {
            return;
        }
        if (size.addAndGet(-count) < capacity) {
            stalled.set(false);
        }
        signalRoom();
    }

    /** The connection ended: nothing waits for it any more, and later messages are dropped on arrival. */
    void close() {
        closed.set(true);
        size.set(0);
        signalRoom();
    }

    /** Messages handed and not yet written. */
    int size() {
        return size.get();
    }

    private boolean hasRoom() {
        return closed.get() || stalled.get() || size.get() < capacity;
    }

    private void signalRoom() {
        CompletableFuture<Void> signal = roomSignal.get();
        if (signal != null && hasRoom() && roomSignal.compareAndSet(signal, null)) {
            signal.complete(null);
        }
    }
}
