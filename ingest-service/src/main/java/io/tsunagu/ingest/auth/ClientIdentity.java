package io.tsunagu.ingest.auth;

import java.util.Objects;

/**
 * Who a client is, for authorization decisions.
 *
 * @param tenant the tenant the client was accepted into
 * @param clientId its client identifier (its own or assigned)
 * @param username the user name of its CONNECT, or null when it sent none
 */
public record ClientIdentity(String tenant, String clientId, String username) {

    public ClientIdentity {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(clientId, "clientId");
    }

    /** True when the client sent a user name. */
    public boolean hasUsername() {
        return username != null;
    }
}
