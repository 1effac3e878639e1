package io.tsunagu.contracts.event;

import java.util.Objects;

/**
 * An instruction from routing to one ingest node, written to that node's delivery stream.
 *
 * @param nodeId the node the instruction is for
 * @param kind what to do
 * @param tenant the tenant of the session concerned
 * @param clientId the client of the session concerned
 * @param requestingNode the node that asked for it (for a takeover: where the client is connecting now)
 */
public record ControlEvent(String nodeId, ControlKind kind, String tenant, String clientId, String requestingNode) {

    public ControlEvent {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(requestingNode, "requestingNode");
    }
}
