package io.tsunagu.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Configuration of routing-service under {@code tsunagu.routing}; each key can also be set through its environment
 * variable ({@code tsunagu.routing.session-stream.poll-timeout} → {@code TSUNAGU_ROUTING_SESSION_STREAM_POLL_TIMEOUT}).
 *
 * <p>The Kafka connection itself is {@code kafka.bootstrap.servers} ({@code KAFKA_BOOTSTRAP_SERVERS}); the publish,
 * session-action, delivery and own-record channels are configured under {@code mp.messaging.*} in
 * application.properties.
 */
@ConfigMapping(prefix = "tsunagu.routing")
public interface RoutingOptions {

    /** How the session table is read from the session stream ({@code tsunagu.session}). */
    CompactedStream sessionStream();

    /** How the retained store is read from the retained stream ({@code tsunagu.retained}). */
    CompactedStream retainedStream();

    /**
     * How often the replica that owns publish partition 0 publishes the {@code $SYS/broker/...} statistics as
     * retained messages; 0 turns them off.
     */
    @WithDefault("10s")
    Duration sysInterval();

    /**
     * How often the replica that owns publish partition 0 runs the session timers: ends expired disconnected
     * sessions, publishes wills whose delay passed, and disconnects the sessions of nodes that fell silent; 0 turns
     * them off (only for tests and emergencies: sessions then never expire).
     */
    @WithDefault("1s")
    Duration sessionTimerInterval();

    /**
     * How long an ingest node may send no heartbeat before it is taken for dead and its connected sessions become
     * DISCONNECTED (persistent) or end (clean, publishing their wills). Several of ingest's heartbeat intervals
     * ({@code tsunagu.ingest.heartbeat-interval}, 5 s), so that a slow heartbeat does not kill a node.
     */
    @WithDefault("20s")
    Duration nodeTimeout();

    /**
     * Longest time {@code GET /internal/sessions} waits for the session table to reach the session stream's end
     * offsets read at the request; after it the answer is 503.
     */
    @WithDefault("5s")
    Duration sessionLookupTimeout();

    /** Reading a compacted stream without a consumer group, from its beginning at every start. */
    interface CompactedStream {

        /** Longest time one poll of the stream waits for records. */
        @WithDefault("500ms")
        Duration pollTimeout();

        /** Most records one poll returns: larger replays faster, smaller applies changes in smaller steps. */
        @WithDefault("2000")
        int maxPollRecords();

        /** Wait between attempts to find the stream's partitions while the stream does not exist yet. */
        @WithDefault("1s")
        Duration retryBackoff();

        /** Longest time shutdown waits for the reader thread to stop. */
        @WithDefault("5s")
        Duration shutdownTimeout();
    }
}
