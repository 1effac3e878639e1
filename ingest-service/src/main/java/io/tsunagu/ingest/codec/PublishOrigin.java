package io.tsunagu.ingest.codec;

/**
 * Who published a message and where: the parts of a publish event that come from the connection.
 *
 * @param tenant the publisher's tenant
 * @param clientId the publisher's client identifier
 * @param nodeId this ingest node
 */
public record PublishOrigin(String tenant, String clientId, String nodeId) {
}
