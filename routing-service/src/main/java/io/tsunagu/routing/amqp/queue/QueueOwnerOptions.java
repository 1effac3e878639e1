package io.tsunagu.routing.amqp.queue;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Configuration of the AMQP queue owners under {@code tsunagu.routing.queues} (environment variables by the standard
 * mapping: {@code tsunagu.routing.queues.body-budget} → {@code TSUNAGU_ROUTING_QUEUES_BODY_BUDGET}).
 */
@ConfigMapping(prefix = "tsunagu.routing.queues")
public interface QueueOwnerOptions {

    /** Whether this replica joins the queue group and owns queues at all. */
    @WithDefault("true")
    boolean enabled();

    /** Longest time one poll of tsunagu.queue / tsunagu.queue-control waits for records. */
    @WithDefault("100ms")
    Duration pollTimeout();

    /** Most records one poll returns. */
    @WithDefault("1000")
    int maxPollRecords();

    /** How often changed queue states are written to tsunagu.queue-state (and consumer offsets committed). */
    @WithDefault("100ms")
    Duration stateInterval();

    /** Settlements after which the queue states are written before {@link #stateInterval()} passed. */
    @WithDefault("1000")
    int stateSettlements();

    /**
     * Bytes of message records (bodies) this replica keeps in memory over all the queues it owns; beyond it, new
     * messages are indexed without their body, which is read back from tsunagu.queue when delivered.
     */
    @WithDefault("256M")
    MemorySize bodyBudget();

    /** Most deliveries one dispatch pass sends from one queue, so one busy queue does not starve the others. */
    @WithDefault("256")
    int deliveriesPerPass();

    /** How often the channels of the owned queues are checked against the ingest nodes' heartbeats. */
    @WithDefault("1s")
    Duration livenessInterval();

    /** The queue group's session timeout: how long a dead replica keeps its queues before another takes them. */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** Longest time to wait for Kafka to acknowledge a queue state or a delivery that an answer depends on. */
    @WithDefault("30s")
    Duration writeTimeout();

    /**
     * storage-service's base URL (its internal topology API): an auto-delete queue whose last consumer went is
     * deleted there.
     */
    @WithDefault("http://localhost:8083")
    String storageUrl();

    /** Longest time shutdown waits for the owner thread to hand its queues over. */
    @WithDefault("10s")
    Duration shutdownTimeout();
}
