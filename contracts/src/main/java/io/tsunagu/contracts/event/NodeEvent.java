package io.tsunagu.contracts.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The heartbeat of an ingest node, written to the session stream (key {@code Streams.nodeKey(nodeId)}) at a fixed
 * interval: routing takes a node that has fallen silent for dead and ends or disconnects its sessions, and sums the
 * nodes' traffic for the {@code $SYS} statistics.
 *
 * @param nodeId the ingest node
 * @param nodeEpoch the start time of the node's current run, in epoch milliseconds
 * @param at when the heartbeat was written
 * @param traffic the node's MQTT traffic from the start of its run until {@code at}
 */
public record NodeEvent(String nodeId, long nodeEpoch, Instant at, NodeTraffic traffic) {

    public NodeEvent {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(traffic, "traffic");
    }

    /** A heartbeat without traffic ({@link NodeTraffic#NONE}). */
    public NodeEvent(String nodeId, long nodeEpoch, Instant at) {
        this(nodeId, nodeEpoch, at, NodeTraffic.NONE);
    }
}
