package io.tsunagu.ingest.cluster;

import java.util.Objects;

/**
 * A session, named by its tenant and client id.
 *
 * @param tenant the tenant
 * @param clientId the client identifier
 */
public record SessionRef(String tenant, String clientId) {

    public SessionRef {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(clientId, "clientId");
    }
}
