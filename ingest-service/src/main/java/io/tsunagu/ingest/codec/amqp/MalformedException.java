package io.tsunagu.ingest.codec.amqp;

/**
 * Internal signal of malformed input inside a frame payload. Never leaves the package's public methods: the entry
 * points catch it and return {@link DecodeResult.Failed}. No stack trace (it is control flow, cheap to raise).
 */
final class MalformedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ReplyCode code;

    MalformedException(ReplyCode code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    ReplyCode code() {
        return code;
    }

    static MalformedException syntax(String reason) {
        return new MalformedException(ReplyCode.SYNTAX_ERROR, reason);
    }

    <T> DecodeResult<T> toResult() {
        return DecodeResult.failed(code, getMessage());
    }
}
