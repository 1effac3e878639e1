package io.tsunagu.storage.repo;

import java.util.Objects;

/**
 * A session: a client of a tenant, the key of its queue ({@code Streams.sessionKey(tenant, clientId)} on the
 * stream).
 *
 * @param tenant the client's tenant
 * @param clientId the MQTT client identifier
 */
public record SessionId(String tenant, String clientId) {

    public SessionId {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(clientId, "clientId");
    }
}
