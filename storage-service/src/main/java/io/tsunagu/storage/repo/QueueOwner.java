package io.tsunagu.storage.repo;

/**
 * The connection an exclusive queue belongs to.
 *
 * @param connectionId the connection's id on its ingest node
 * @param nodeId the ingest node (contracts {@code Streams.isValidNodeId})
 */
public record QueueOwner(String connectionId, String nodeId) {
}
