package io.tsunagu.routing.amqp.topology;

import io.smallrye.config.ConfigMapping;
import io.tsunagu.routing.config.RoutingOptions;

/**
 * How routing reads the topology stream ({@code tsunagu.topology}) under {@code tsunagu.routing.topology-stream}:
 * like the session stream, without a group, from its beginning at every start (poll-timeout, max-poll-records,
 * retry-backoff, shutdown-timeout).
 */
@ConfigMapping(prefix = "tsunagu.routing.topology-stream")
public interface TopologyStreamOptions extends RoutingOptions.CompactedStream {
}
