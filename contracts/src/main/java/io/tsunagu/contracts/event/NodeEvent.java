package io.tsunagu.contracts.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The heartbeat of an ingest node, written to the session stream (key {@code Streams.nodeKey(nodeId)}) at a fixed
 * interval: routing takes a node that has fallen silent for dead and ends or disconnects its sessions.
 *
 * @param nodeId the ingest node
 * @param nodeEpoch the start time of the node's current run, in epoch milliseconds
 * @param at when the heartbeat was written
 */
public record NodeEvent(String nodeId, long nodeEpoch, Instant at) {

    public NodeEvent {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(at, "at");
    }
}
