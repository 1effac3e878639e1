package io.tsunagu.ingest.handoff;

import io.tsunagu.contracts.event.NodeTraffic;

/**
 * This node's MQTT traffic since it started, which its heartbeat ({@link NodeHeartbeat}) carries to routing for the
 * {@code $SYS} statistics. The transport counts it; the hand-off only reads it. Any thread.
 */
public interface NodeTrafficSource {

    /** The counters now: PUBLISH packets written to clients, bytes read from and written to client connections. */
    NodeTraffic traffic();
}
