package io.tsunagu.ingest.transport.amqp.topology;

import java.util.Objects;

/**
 * Who asks storage: the connection's virtual host (already mapped to its tenant: {@code /} is {@code default}) and
 * the connection (its node and id), which owns the exclusive queues it declares.
 *
 * @param vhost the tenant
 * @param nodeId this ingest node
 * @param connectionId the connection, unique on this node across restarts
 */
public record Requester(String vhost, String nodeId, String connectionId) {

    public Requester {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(connectionId, "connectionId");
    }
}
