package io.tsunagu.routing.session;

import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.NodeTraffic;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest heartbeat ({@link NodeEvent}) of each ingest node, from the session stream, and whether a node has
 * fallen silent.
 *
 * <p>A node is judged by the time its heartbeats say they were written, not by when this replica read them, so every
 * replica, and a replica replaying the stream after a restart, judges alike; clocks are assumed to agree within a
 * fraction of the node timeout. A node that never sent a heartbeat is never judged: it is starting (ingest writes
 * its first heartbeat at startup), or it is older than heartbeats.
 *
 * <p>Threading: one writer (the session-stream reader), readers on any thread.
 */
final class NodeHeartbeats {

    private final Map<String, NodeEvent> latest = new ConcurrentHashMap<>();

    /** Keeps {@code heartbeat} if it is the node's latest: of a later run, or later in the same run. Writer only. */
    void record(NodeEvent heartbeat) {
        latest.merge(heartbeat.nodeId(), heartbeat, NodeHeartbeats::later);
    }

    /** Forgets the node, as a tombstone of its heartbeat key asks. Writer only. */
    void forget(String nodeId) {
        latest.remove(nodeId);
    }

    /** The node's latest heartbeat, if it sent one. */
    Optional<NodeEvent> latest(String nodeId) {
        return Optional.ofNullable(latest.get(nodeId));
    }

    /** The sum of the traffic in every node's latest heartbeat. */
    NodeTraffic totalTraffic() {
        return latest.values().stream().map(NodeEvent::traffic).reduce(NodeTraffic.NONE, NodeTraffic::plus);
    }

    /**
     * Whether {@code nodeId} has shown no sign of life for {@code timeout} at {@code now}. Its last sign of life is
     * its latest heartbeat, or the start of its run {@code currentEpoch} when that is later (a restarted node that
     * has not sent a heartbeat in its new run yet).
     */
    boolean isSilent(String nodeId, long currentEpoch, Instant now, Duration timeout) {
        NodeEvent heartbeat = latest.get(nodeId);
        if (heartbeat == null) {
            return false;
        }
        Instant runStart = Instant.ofEpochMilli(currentEpoch);
        Instant lastSign = heartbeat.at().isAfter(runStart) ? heartbeat.at() : runStart;
        return !lastSign.plus(timeout).isAfter(now);
    }

    private static NodeEvent later(NodeEvent known, NodeEvent fresh) {
        if (fresh.nodeEpoch() != known.nodeEpoch()) {
            return fresh.nodeEpoch() > known.nodeEpoch() ? fresh : known;
        }
        return fresh.at().isAfter(known.at()) ? fresh : known;
    }
}
