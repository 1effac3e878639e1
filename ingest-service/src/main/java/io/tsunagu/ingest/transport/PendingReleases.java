package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.SessionEvent;
import java.util.List;

/**
 * The QoS 2 flows of a session that wait on the client, kept in its session states so that they outlive the
 * connection.
 *
 * @param inbound the packet ids of messages the client published (PUBREC sent) and has not released with PUBREL: a
 *     repeated PUBLISH with one of them gets PUBREC only [MQTT-4.3.3-10]
 * @param outbound the packet ids of messages sent to the client that it received (PUBREC) and did not complete
 *     (PUBCOMP): PUBREL goes out again when the session resumes [MQTT-4.4.0-1]
 */
record PendingReleases(List<Integer> inbound, List<Integer> outbound) {

    /** No QoS 2 flow waits. */
    static final PendingReleases NONE = new PendingReleases(List.of(), List.of());

    PendingReleases {
        inbound = List.copyOf(inbound);
        outbound = List.copyOf(outbound);
    }

    /** The pending releases {@code event} carries. */
    static PendingReleases of(SessionEvent event) {
        return new PendingReleases(event.pendingReleases(), event.pendingOutboundReleases());
    }
}
