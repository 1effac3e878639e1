package io.tsunagu.routing.amqp.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The queue owners' counters: {@code tsunagu.routing.queues.body.fetches} and
 * {@code tsunagu.routing.queues.dropped{reason}} (messages no queue took: {@code unknown-queue}, a queue that does
 * not exist; {@code rejected-publish}, x-overflow=reject-publish; {@code rejected}, {@code expired}, {@code maxlen},
 * settled or dropped without a dead-letter exchange). Any thread.
 */
final class OwnerMeters {

    /** A message for a queue the topology does not have (deleted since it was routed). */
    static final String UNKNOWN_QUEUE = "unknown-queue";

    private final MeterRegistry registry;
    private final Counter fetches;

    OwnerMeters(MeterRegistry registry) {
        this.registry = registry;
        this.fetches = Counter.builder("tsunagu.routing.queues.body.fetches")
                .description("Message bodies read back from tsunagu.queue to deliver them (beyond the body budget)")
                .register(registry);
    }

    Counter fetches() {
        return fetches;
    }

    /** Counts {@code count} messages dropped for {@code reason}. */
    void dropped(String reason, int count) {
        Counter.builder("tsunagu.routing.queues.dropped").tag("reason", reason)
                .description("Queue messages dropped, by reason").register(registry).increment(count);
    }
}
