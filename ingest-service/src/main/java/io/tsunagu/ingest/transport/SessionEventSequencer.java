package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.ingest.handoff.SessionEventPublisher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Sends one connection's session events strictly one after the other: each is handed to Kafka only after the one
 * before it was acknowledged (or failed), and the first only after {@code start}, the previous holder's ENDED on a
 * takeover. With one producer and one key per client this keeps every client's events in order on the stream.
 * Event-loop only: futures complete on the connection's context.
 */
final class SessionEventSequencer {

    private final Context context;
    private final SessionEventPublisher publisher;
    private Future<Void> tail;

    SessionEventSequencer(Context context, SessionEventPublisher publisher, Future<Void> start) {
        this.context = context;
        this.publisher = publisher;
        this.tail = Future.fromCompletionStage(start.toCompletionStage(), context)
                .transform(ignored -> Future.succeededFuture());
    }

    /**
     * Queues {@code event}; the future completes when Kafka acknowledged it, or fails. A plain promise rather than
     * {@code tail.transform(...)}: a transformation keeps its function, and with it the event, for as long as the
     * future is referenced, and the connection keeps the last one.
     */
    Future<Void> enqueue(SessionEvent event) {
        Promise<Void> sent = Promise.promise();
        tail.onComplete(ignored -> send(event).onComplete(sent));
        tail = sent.future();
        return tail;
    }

    /** Completes once every event queued so far was acknowledged or failed. */
    Future<Void> whenIdle() {
        return tail.transform(ignored -> Future.succeededFuture());
    }

    private Future<Void> send(SessionEvent event) {
        return Future.fromCompletionStage(publisher.publish(event).subscribeAsCompletionStage(), context);
    }
}
