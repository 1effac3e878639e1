package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionTable;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the ingest node of a channel is still the one that opened it, from the node heartbeats on the session
 * stream (as the session timers judge nodes): a node silent for {@code tsunagu.routing.node-timeout} is dead, and a
 * node whose current run started after the channel was first heard of restarted. Either way the channel is gone.
 *
 * <p>A channel is first heard of at the record time of its first command (the ingest node's clock, which also
 * stamps the node's run as its epoch): a command of a run is never older than the run.
 */
final class ChannelLiveness {

    private final SessionTable table;
    private final SessionStreamReader sessions;
    private final Duration nodeTimeout;

    ChannelLiveness(SessionTable table, SessionStreamReader sessions, Duration nodeTimeout) {
        this.table = table;
        this.sessions = sessions;
        this.nodeTimeout = nodeTimeout;
    }

    /** Whether the heartbeats are known well enough to judge: the session table caught up with its stream. */
    boolean ready() {
        return sessions.isCaughtUp();
    }

    /** Whether {@code channel}, first heard of at {@code since} (epoch ms), is gone at {@code now}. */
    boolean isGone(ChannelRef channel, long since, Instant now) {
        String node = channel.nodeId();
        return table.isNodeSilent(node, now, nodeTimeout) || table.nodeEpoch(node).orElse(Long.MIN_VALUE) > since;
    }
}
