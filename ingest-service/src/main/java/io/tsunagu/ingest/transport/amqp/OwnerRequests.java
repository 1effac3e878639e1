package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The commands of one channel waiting for their queue owner's answer (REPLY, GET_OK, GET_EMPTY on this node's
 * delivery stream), matched by request id; each is given up after {@code tsunagu.ingest.amqp.owner-timeout}.
 * Event-loop only.
 */
final class OwnerRequests {

    private record Pending(Consumer<AmqpDelivery> onAnswer, Future<?> timer) {
    }

    private final AmqpConnection connection;
    private final Duration timeout;
    private final Map<Long, Pending> pending = new HashMap<>();

    OwnerRequests(AmqpConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    /**
     * A new request id whose answer goes to {@code onAnswer}; without one within the owner timeout,
     * {@code onTimeout} runs (null: the request is just forgotten).
     */
    long expect(Consumer<AmqpDelivery> onAnswer, Runnable onTimeout) {
        long requestId = connection.nextRequestId();
        Future<?> timer = connection.schedule(() -> {
            if (pending.remove(requestId) != null && onTimeout != null) {
                onTimeout.run();
            }
        }, timeout);
        pending.put(requestId, new Pending(onAnswer, timer));
        return requestId;
    }

    /** Hands {@code answer} to its request; false when no request waits for it (late, or not ours). */
    boolean answer(AmqpDelivery answer) {
        Pending waiting = pending.remove(answer.requestId());
        if (waiting == null) {
            return false;
        }
        waiting.timer().cancel(false);
        waiting.onAnswer().accept(answer);
        return true;
    }

    /** The channel closed: nothing is waited for any more. */
    void cancelAll() {
        pending.values().forEach(waiting -> waiting.timer().cancel(false));
        pending.clear();
    }

    Duration timeout() {
        return timeout;
    }
}
