package io.tsunagu.ingest.transport.amqp;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Whether this node's hand-off to Kafka is backed up: the basic.publish of all its AMQP connections waiting for
 * Kafka's acknowledgement. At {@code high} the connections are told connection.blocked (RabbitMQ's extension, to
 * clients announcing the {@code connection.blocked} capability), at half of it connection.unblocked. Each connection
 * compares with what it last sent on its own event loop, so crossing notifications cannot arrive out of order.
 * Thread-safe.
 */
final class PublishPressure {

    private final int high;
    private final int low;
    private final Supplier<Collection<AmqpConnection>> connections;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean blocked = new AtomicBoolean();

    PublishPressure(int high, Supplier<Collection<AmqpConnection>> connections) {
        this.high = high;
        this.low = high / 2;
        this.connections = connections;
    }

    /** A publish was handed to Kafka. */
    void started() {
        if (inFlight.incrementAndGet() >= high && blocked.compareAndSet(false, true)) {
            tellConnections();
        }
    }

    /** Kafka answered a publish. */
    void finished() {
        if (inFlight.decrementAndGet() <= low && blocked.compareAndSet(true, false)) {
            tellConnections();
        }
    }

    boolean isBlocked() {
        return blocked.get();
    }

    private void tellConnections() {
        for (AmqpConnection connection : connections.get()) {
            connection.onEventLoop(connection::syncBlocked);
        }
    }
}
