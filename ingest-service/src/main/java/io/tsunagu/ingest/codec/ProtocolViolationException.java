package io.tsunagu.ingest.codec;

import io.tsunagu.contracts.error.IngestError;

/**
 * A packet that breaks a rule of {@link RawPacketRules}, reported to the connection before it is decoded; the
 * connection answers it like any other protocol error ({@link DecodeFailures}).
 */
public final class ProtocolViolationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient IngestError error;

    /** The violation {@code check} found. */
    public ProtocolViolationException(PacketCheck check) {
        super(check.reason(), null, false, false);
        this.error = check.error();
    }

    /** The error that ends the connection. */
    public IngestError error() {
        return error;
    }
}
