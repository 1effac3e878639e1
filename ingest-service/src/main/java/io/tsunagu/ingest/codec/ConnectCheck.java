package io.tsunagu.ingest.codec;

import io.tsunagu.contracts.error.IngestError;

/**
 * The outcome of validating a CONNECT: accepted with the client identifier to use, or refused with the error to
 * answer in CONNACK.
 *
 * @param error the refusal, or null when accepted
 * @param reason why it was refused (for logs), or null
 * @param clientId the identifier to use when accepted (the client's or an assigned one)
 * @param assigned true when the server assigned {@code clientId}
 */
public record ConnectCheck(IngestError error, String reason, String clientId, boolean assigned) {

    /** Accepted with the client's own identifier. */
    public static ConnectCheck accepted(String clientId) {
        return new ConnectCheck(null, null, clientId, false);
    }

    /** Accepted with an identifier the server assigned. */
    public static ConnectCheck assigned(String clientId) {
        return new ConnectCheck(null, null, clientId, true);
    }

    /** Refused with {@code error}. */
    public static ConnectCheck refused(IngestError error, String reason) {
        return new ConnectCheck(error, reason, null, false);
    }

    /** True when the connection may be accepted. */
    public boolean isAccepted() {
        return error == null;
    }
}
