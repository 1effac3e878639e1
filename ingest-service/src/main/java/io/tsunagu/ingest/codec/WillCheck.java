package io.tsunagu.ingest.codec;

import io.tsunagu.contracts.error.IngestError;

/**
 * The outcome of validating the will of a CONNECT: none, a will to hold, or the error refusing the connection.
 *
 * @param will the will to hold, or null when the client set none or was refused
 * @param error the refusal, or null
 * @param reason why it was refused (for logs), or null
 */
public record WillCheck(WillMessage will, IngestError error, String reason) {

    private static final WillCheck NONE = new WillCheck(null, null, null);

    /** No will. */
    public static WillCheck none() {
        return NONE;
    }

    /** A valid will. */
    public static WillCheck accepted(WillMessage will) {
        return new WillCheck(will, null, null);
    }

    /** A will that refuses the connection with {@code error}. */
    public static WillCheck refused(IngestError error, String reason) {
        return new WillCheck(null, error, reason);
    }

    /** True when the connection may be accepted. */
    public boolean isAccepted() {
        return error == null;
    }
}
