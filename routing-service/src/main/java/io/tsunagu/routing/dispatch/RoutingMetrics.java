package io.tsunagu.routing.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * The meters of publish routing, served at /q/metrics. The platform-wide {@code tsunagu.messages.in/out} counters
 * carry {@code service=routing}. Any thread.
 */
@Singleton
public class RoutingMetrics {

    private static final String SERVICE = "service";
    private static final String ROUTING = "routing";
    private static final String HANDED_BACK = "tsunagu.routing.shared.handed.back";
    private static final String OUTCOME = "outcome";

    private final Counter messagesIn;
    private final Counter messagesOut;
    private final Counter deliveries;
    private final Counter unmatched;
    private final Counter undecodable;
    private final Counter retainedDeliveries;
    private final Counter retainedExpired;
    private final Counter handedBackRouted;
    private final Counter handedBackDropped;
    private final Timer latency;

    public RoutingMetrics(MeterRegistry registry) {
        messagesIn = Counter.builder("tsunagu.messages.in").tag(SERVICE, ROUTING)
                .description("Publish records consumed from the publish stream").register(registry);
        messagesOut = Counter.builder("tsunagu.messages.out").tag(SERVICE, ROUTING)
                .description("Message copies routed to subscribers (recipients of acknowledged deliveries, live and"
                        + " retained)")
                .register(registry);
        deliveries = Counter.builder("tsunagu.routing.deliveries")
                .description("Delivery records acknowledged by Kafka (one per publish and node)").register(registry);
        unmatched = Counter.builder("tsunagu.routing.unmatched")
                .description("Publishes that matched no subscriber").register(registry);
        undecodable = Counter.builder("tsunagu.routing.undecodable")
                .description("Publish records skipped because they could not be decoded").register(registry);
        retainedDeliveries = Counter.builder("tsunagu.routing.retained.deliveries")
                .description("RETAINED delivery records acknowledged by Kafka (one per retained message and new"
                        + " subscription)").register(registry);
        retainedExpired = Counter.builder("tsunagu.routing.retained.expired")
                .description("Retained messages not sent to a new subscription because their expiry had passed")
                .register(registry);
        handedBackRouted = Counter.builder(HANDED_BACK).tag(OUTCOME, "routed")
                .description("Copies handed back by a shared-subscription member that went away, delivered to"
                        + " another member (acknowledged by Kafka)").register(registry);
        handedBackDropped = Counter.builder(HANDED_BACK).tag(OUTCOME, "dropped")
                .description("Copies handed back by a shared-subscription member that went away, dropped because"
                        + " the group had no member left or the record's hand-back headers were malformed")
                .register(registry);
        latency = Timer.builder("tsunagu.routing.latency")
                .description("From consuming a publish to Kafka acknowledging all of its deliveries")
                .register(registry);
    }

    void consumed() {
        messagesIn.increment();
    }

    void undecodable() {
        undecodable.increment();
    }

    void unmatched() {
        unmatched.increment();
    }

    void delivered(int recipients) {
        deliveries.increment();
        messagesOut.increment(recipients);
    }

    void retainedDelivered() {
        retainedDeliveries.increment();
        messagesOut.increment();
    }

    void retainedExpired() {
        retainedExpired.increment();
    }

    void handedBackRouted(long startNanos) {
        handedBackRouted.increment();
        routed(startNanos);
    }

    void handedBackDropped() {
        handedBackDropped.increment();
    }

    void routed(long startNanos) {
        latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
