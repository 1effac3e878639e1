package io.tsunagu.ingest.codec;

import io.tsunagu.contracts.error.IngestError;

/**
 * The outcome of checking a whole control packet before its parts are handled: passed, or the error that ends the
 * connection (MQTT 5: DISCONNECT with its reason code; 3.1/3.1.1: close).
 *
 * @param error the error, or null when the packet passed
 * @param reason why it failed (for logs), or null
 */
public record PacketCheck(IngestError error, String reason) {

    private static final PacketCheck PASSED = new PacketCheck(null, null);

    /** A packet that may be handled. */
    public static PacketCheck passed() {
        return PASSED;
    }

    /** A packet that ends the connection with {@code error}. */
    public static PacketCheck failed(IngestError error, String reason) {
        return new PacketCheck(error, reason);
    }

    /** True when the packet may be handled. */
    public boolean isPassed() {
        return error == null;
    }
}
