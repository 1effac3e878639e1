package io.tsunagu.ingest.config;

import io.quarkus.runtime.StartupEvent;
import io.tsunagu.contracts.stream.Streams;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;

/**
 * Who this ingest process is: its node id and the epoch of this run (process start, epoch milliseconds), which
 * routing uses to drop the sessions of an earlier run of the same node.
 */
@ApplicationScoped
public class NodeIdentity {

    /** Startup order: before the delivery stream is created and before the messaging channels start. */
    public static final int VALIDATION_PRIORITY = Interceptor.Priority.PLATFORM_BEFORE;

    private final String nodeId;
    private final String tenant;
    private final long nodeEpoch;

    NodeIdentity(IngestOptions options) {
        this.nodeId = options.nodeId();
        this.tenant = options.defaultTenant();
        this.nodeEpoch = ProcessHandle.current().info().startInstant()
                .map(java.time.Instant::toEpochMilli)
                .orElseGet(System::currentTimeMillis);
    }

    /** Fails the start when the node id cannot name a Kafka topic or a limit is outside the protocol's bounds. */
    void validate(@Observes @Priority(VALIDATION_PRIORITY) StartupEvent event, IngestOptions options) {
        List<String> problems = OptionsValidation.problems(options);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid configuration: " + String.join("; ", problems));
        }
    }

    /** This node's id. */
    public String nodeId() {
        return nodeId;
    }

    /** The tenant of every connection for now. */
    public String tenant() {
        return tenant;
    }

    /** Start of this process, epoch milliseconds. */
    public long nodeEpoch() {
        return nodeEpoch;
    }

    /** This node's delivery stream. */
    public String deliveryStream() {
        return Streams.deliveryStream(nodeId);
    }
}
