package io.tsunagu.routing.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Acknowledges one publish record once Kafka acknowledged every delivery record made from it, or negatively
 * acknowledges it as soon as one of them failed. That is the ack chain that makes routing at-least-once: the
 * publish offset is committed only after all of its deliveries are durable, so after a crash the publish is routed
 * again.
 *
 * <p>Threading: the delivery acks arrive on Kafka producer threads, possibly concurrently.
 */
final class AckGroup {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Supplier<CompletionStage<Void>> ack;
    private final Function<Throwable, CompletionStage<Void>> nack;
    private final Runnable onAcked;
    private final AtomicInteger pending;
    private final AtomicBoolean failed = new AtomicBoolean();

    /**
     * A group of {@code size} deliveries that acks with {@code ack} (after running {@code onAcked}) or nacks with
     * {@code nack}.
     */
    AckGroup(int size, Supplier<CompletionStage<Void>> ack, Function<Throwable, CompletionStage<Void>> nack,
            Runnable onAcked) {
        if (size < 1) {
            throw new IllegalArgumentException("an ack group needs at least one delivery: " + size);
        }
        this.pending = new AtomicInteger(size);
        this.ack = ack;
        this.nack = nack;
        this.onAcked = onAcked;
    }

    /** One delivery was acknowledged by Kafka. */
    CompletionStage<Void> ack() {
        if (pending.decrementAndGet() == 0 && !failed.get()) {
            onAcked.run();
            return ack.get();
        }
        return DONE;
    }

    /** One delivery failed: the publish fails once, whatever the others do. */
    CompletionStage<Void> nack(Throwable reason) {
        if (failed.compareAndSet(false, true)) {
            return nack.apply(reason);
        }
        return DONE;
    }
}
