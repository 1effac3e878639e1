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
    private static final String SESSION_HANDED_BACK = "tsunagu.routing.session.handed.back";
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
    private final Counter sessionHandedBackRouted;
    private final Counter sessionHandedBackDropped;
    private final Counter queued;
    private final Counter offlineQos0Dropped;
    private final Counter takeovers;
    private final Counter queuePurges;
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
        sessionHandedBackRouted = Counter.builder(SESSION_HANDED_BACK).tag(OUTCOME, "routed")
                .description("Copies handed back for a session whose connection ended, routed to it live or to its"
                        + " queue (acknowledged by Kafka)").register(registry);
        sessionHandedBackDropped = Counter.builder(SESSION_HANDED_BACK).tag(OUTCOME, "dropped")
                .description("Copies handed back for a session, dropped because the session is gone (or a QoS 0 copy"
                        + " for a disconnected one), or because the record's hand-back headers were malformed")
                .register(registry);
        queued = Counter.builder("tsunagu.routing.session.queued")
                .description("QoS 1/2 copies written to the queue of a disconnected persistent session (acknowledged"
                        + " by Kafka)").register(registry);
        offlineQos0Dropped = Counter.builder("tsunagu.messages.dropped").tag(SERVICE, ROUTING)
                .tag("reason", "session-offline")
                .description("QoS 0 copies for a disconnected persistent session, which are not queued")
                .register(registry);
        takeovers = Counter.builder("tsunagu.routing.session.takeovers")
                .description("TAKEOVER instructions written to the delivery stream of the node holding the session")
                .register(registry);
        queuePurges = Counter.builder("tsunagu.routing.session.queue.purges")
                .description("Session queues purged (tombstones written) because their session ended")
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

    void handedBackRouted(HandedBackCopy.Kind kind, long startNanos) {
        (kind == HandedBackCopy.Kind.SESSION ? sessionHandedBackRouted : handedBackRouted).increment();
        routed(startNanos);
    }

    void handedBackDropped(HandedBackCopy.Kind kind) {
        (kind == HandedBackCopy.Kind.SESSION ? sessionHandedBackDropped : handedBackDropped).increment();
    }

    void queued() {
        queued.increment();
    }

    void offlineQos0Dropped() {
        offlineQos0Dropped.increment();
    }

    void takeover() {
        takeovers.increment();
    }

    void queuePurged() {
        queuePurges.increment();
    }

    void routed(long startNanos) {
        latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
