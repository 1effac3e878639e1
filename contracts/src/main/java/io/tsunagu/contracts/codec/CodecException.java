package io.tsunagu.contracts.codec;

/** A stream record that cannot be decoded: truncated, of an unknown format version or type, or malformed. */
public final class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
