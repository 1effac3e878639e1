package io.tsunagu.routing.dispatch;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tsunagu.routing.stream.StreamBarrier;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A {@link StreamBarrier} for the records of an incoming channel: a record is handled only once the followed copy
 * holds everything Kafka acknowledged before the record was written. For the publish channel that is the session
 * table (a subscription acknowledged before a publish applies to it); for the retained requests, the retained store
 * (a retained message acknowledged before a SUBSCRIBE is sent for it).
 *
 * <p>Threading: called from the channel's context, one record at a time per partition; results come back on that
 * context.
 */
final class RecordBarrier {

    private final StreamBarrier barrier;

    RecordBarrier(StreamBarrier barrier) {
        this.barrier = barrier;
    }

    /** Completes, on the caller's context, once {@code message} may be handled. */
    Uni<Void> await(Message<?> message) {
        var record = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (record == null) {
            return Uni.createFrom().voidItem();
        }
        return onCallerContext(barrier.await(record.getPartition(), record.getOffset()));
    }

    /**
     * Resumes on the Vert.x context that called, not on the Kafka client or reader thread that completed. A stage that
     * is already complete (under load most records are covered by a snapshot the copy has passed) passes at once,
     * without the hop through the context's task queue.
     */
    static Uni<Void> onCallerContext(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> done = Uni.createFrom().completionStage(stage).replaceWithVoid();
        Context context = Vertx.currentContext();
        return context == null ? done : done.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
