package io.tsunagu.routing.session;

import io.tsunagu.contracts.event.Subscription;
import java.util.List;
import java.util.Objects;

/**
 * A connected client as routing knows it: where its connection is and what it subscribed to.
 *
 * @param nodeId the ingest node holding the connection
 * @param nodeEpoch the run of that node the connection belongs to (its start time in epoch milliseconds)
 * @param subscriptions the session's subscriptions, as in its latest session event
 */
public record Session(String nodeId, long nodeEpoch, List<Subscription> subscriptions) {

    public Session {
        Objects.requireNonNull(nodeId, "nodeId");
        subscriptions = List.copyOf(subscriptions);
    }

    /** Whether this session is the one that {@code nodeId} held in its run {@code nodeEpoch}. */
    boolean isHeldBy(String otherNodeId, long otherNodeEpoch) {
        return nodeId.equals(otherNodeId) && nodeEpoch == otherNodeEpoch;
    }
}
