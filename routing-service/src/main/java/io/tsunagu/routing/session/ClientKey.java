package io.tsunagu.routing.session;

import io.tsunagu.contracts.stream.Streams;
import java.util.Objects;
import java.util.Optional;

/**
 * A client across the platform: its tenant and client identifier, the key of the session stream.
 *
 * @param tenant the tenant (virtual host)
 * @param clientId the MQTT client identifier
 */
public record ClientKey(String tenant, String clientId) {

    private static final char SEPARATOR = '\u0000';

    public ClientKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(clientId, "clientId");
    }

    /**
     * The client named by a session-stream record key ({@link Streams#sessionKey}), or empty when the key is not
     * of that form. Tenants never contain U+0000, so the first one separates the two parts.
     */
    public static Optional<ClientKey> fromSessionKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        int separator = key.indexOf(SEPARATOR);
        if (separator < 0) {
            return Optional.empty();
        }
        return Optional.of(new ClientKey(key.substring(0, separator), key.substring(separator + 1)));
    }

    /** This client's session-stream record key. */
    public String toSessionKey() {
        return Streams.sessionKey(tenant, clientId);
    }
}
