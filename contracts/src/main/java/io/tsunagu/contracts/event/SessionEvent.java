package io.tsunagu.contracts.event;

import java.util.List;
import java.util.Objects;

/**
 * The complete current state of one client session: the record of the session stream.
 *
 * <p>Every event carries the whole subscription set rather than a delta, so the stream can be log-compacted on
 * its key (tenant and client id) and a routing replica rebuilds the full subscription table by reading it from
 * the beginning. {@code nodeEpoch} identifies one run of an ingest node: when a node restarts under the same id,
 * sessions from its earlier run are stale and routing drops them.
 *
 * @param tenant the tenant of the client
 * @param clientId the client identifier
 * @param nodeId the ingest node that holds (or held) the connection
 * @param nodeEpoch the start time of that node's current run, in epoch milliseconds
 * @param state connected or ended
 * @param subscriptions the session's subscriptions, empty when ended
 * @param retainedRequests the filters of {@code subscriptions} whose retained messages must be sent now: those of
 *     the SUBSCRIBE that caused this event, per their Retain Handling (0: always, 1: only when the subscription
 *     is new, 2: never; MQTT 5 §3.3.1.3)
 * @param persistence how long the session outlives its connection, and when this state was written
 * @param will the will waiting to be published, or null
 * @param pendingReleases the packet ids of inbound QoS 2 messages received and not yet released by PUBREL, so that
 *     another node answers a repeated PUBLISH with PUBREC only [MQTT-4.3.3-10] and completes the flow
 * @param pendingOutboundReleases the packet ids of outbound QoS 2 messages whose PUBREC the server received and whose
 *     PUBCOMP it has not, in the order they were sent: the server sends PUBREL for each again when the session
 *     resumes [MQTT-4.4.0-1], and their ids stay in use until PUBCOMP
 */
public record SessionEvent(
        String tenant,
        String clientId,
        String nodeId,
        long nodeEpoch,
        SessionState state,
        List<Subscription> subscriptions,
        List<String> retainedRequests,
        SessionPersistence persistence,
        Will will,
        List<Integer> pendingReleases,
        List<Integer> pendingOutboundReleases) {

    public SessionEvent {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(persistence, "persistence");
        subscriptions = List.copyOf(subscriptions);
        retainedRequests = List.copyOf(retainedRequests);
        pendingReleases = checkPacketIds(pendingReleases);
        pendingOutboundReleases = checkPacketIds(pendingOutboundReleases);
    }

    /** A session that ends with its connection, without a pending will or QoS 2 state in either direction. */
    public SessionEvent(String tenant, String clientId, String nodeId, long nodeEpoch, SessionState state,
            List<Subscription> subscriptions, List<String> retainedRequests) {
        this(tenant, clientId, nodeId, nodeEpoch, state, subscriptions, retainedRequests,
                SessionPersistence.none(), null, List.of(), List.of());
    }

    /** A session event that asks for no retained messages. */
    public SessionEvent(String tenant, String clientId, String nodeId, long nodeEpoch, SessionState state,
            List<Subscription> subscriptions) {
        this(tenant, clientId, nodeId, nodeEpoch, state, subscriptions, List.of());
    }

    /** Whether the session outlives its connection. */
    public boolean isPersistent() {
        return persistence.expiryInterval() > 0;
    }

    private static List<Integer> checkPacketIds(List<Integer> packetIds) {
        List<Integer> copy = List.copyOf(packetIds);
        for (int packetId : copy) {
            if (packetId < 1 || packetId > 65_535) {
                throw new IllegalArgumentException("packet identifier out of range: " + packetId);
            }
        }
        return copy;
    }
}
