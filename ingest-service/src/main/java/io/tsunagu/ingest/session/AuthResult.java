package io.tsunagu.ingest.session;

import io.tsunagu.contracts.error.IngestError;
import java.util.Objects;

/**
 * The decision of the {@link Authenticator}.
 *
 * @param tenant the tenant the client belongs to when accepted, else null
 * @param refusal the error to answer in CONNACK when refused, else null
 */
public record AuthResult(String tenant, IngestError refusal) {

    /** Accepted as a client of {@code tenant}. */
    public static AuthResult accepted(String tenant) {
        return new AuthResult(Objects.requireNonNull(tenant, "tenant"), null);
    }

    /** Refused with {@code refusal} (for example bad user name or password, or not authorized). */
    public static AuthResult refused(IngestError refusal) {
        return new AuthResult(null, Objects.requireNonNull(refusal, "refusal"));
    }

    /** True when the client may connect. */
    public boolean isAccepted() {
        return refusal == null;
    }
}
