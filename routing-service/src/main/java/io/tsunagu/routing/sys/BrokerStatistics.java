package io.tsunagu.routing.sys;

import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.retained.RetainedStore;
import io.tsunagu.routing.retained.RetainedStreamReader;
import io.tsunagu.routing.session.SessionTable;
import io.tsunagu.routing.stream.EndOffsets;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gathers the numbers of the {@code $SYS/broker/...} topics, preferring what is cluster-wide: every routing replica
 * holds the whole session table (with every ingest node's latest heartbeat and its traffic counters) and retained
 * store, and Kafka knows how many messages the publish stream took.
 * Any thread.
 */
@Singleton
public class BrokerStatistics {

    private final SessionTable table;
    private final RetainedStore store;
    private final RetainedStreamReader retained;
    private final EndOffsets endOffsets;
    private final Instant startedAt = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    public BrokerStatistics(SessionTable table, RetainedStore store, RetainedStreamReader retained,
            EndOffsets endOffsets) {
        this.table = table;
        this.store = store;
        this.retained = retained;
        this.endOffsets = endOffsets;
    }

    /**
     * The statistics as of {@code now}, or empty while the retained store has not caught up (its count would be too
     * low). The session table has caught up whenever this replica owns a publish partition: routing subscribes to
     * the publish stream only after it.
     */
    public CompletionStage<Optional<SysSnapshot>> collect(Instant now) {
        if (!retained.isCaughtUp()) {
            return CompletableFuture.completedStage(Optional.empty());
        }
        return endOffsets.ofStream(Streams.PUBLISH)
                .thenApply(ends -> ends.values().stream().mapToLong(Long::longValue).sum())
                .thenApply(received -> Optional.of(new SysSnapshot(table.connectedCount(), table.subscriptionCount(),
                        store.count(), received, table.nodeTraffic(), Duration.between(startedAt, now), version)));
    }
}
