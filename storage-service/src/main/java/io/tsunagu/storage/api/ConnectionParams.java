package io.tsunagu.storage.api;

import io.tsunagu.storage.repo.QueueOwner;

/** The connection a request comes from, given as node id and connection id (both, or neither). */
final class ConnectionParams {

    private ConnectionParams() {
    }

    /** The connection, or null when neither id is given; 400 when only one is. */
    static QueueOwner owner(String nodeId, String connectionId) {
        if (nodeId == null && connectionId == null) {
            return null;
        }
        if (nodeId == null || connectionId == null) {
            throw new InvalidParameterException(nodeId == null ? "nodeId" : "connectionId",
                    "nodeId and connectionId go together");
        }
        return new QueueOwner(connectionId, nodeId);
    }
}
