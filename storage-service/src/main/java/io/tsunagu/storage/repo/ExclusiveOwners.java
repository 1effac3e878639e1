package io.tsunagu.storage.repo;

import java.util.Objects;

/**
 * Which owners' exclusive queues to delete: those of one ingest node, of one of its connections or of all, except
 * the connections whose id starts with a prefix (a node that restarted keeps the queues of its new connections and
 * loses those of its earlier run, whose connections are gone).
 *
 * @param nodeId the ingest node
 * @param connectionId one connection only, or null for every connection
 * @param keepPrefix connections whose id starts with it keep their queues; null keeps none
 */
public record ExclusiveOwners(String nodeId, String connectionId, String keepPrefix) {

    public ExclusiveOwners {
        Objects.requireNonNull(nodeId, "nodeId");
    }
}
