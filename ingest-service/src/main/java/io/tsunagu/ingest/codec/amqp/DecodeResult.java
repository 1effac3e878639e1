package io.tsunagu.ingest.codec.amqp;

/**
 * The outcome of decoding: a value, "need more bytes", or a failure carrying the reply code the spec asks the
 * server to close with. Decoders of this package return it instead of throwing, whatever the input.
 *
 * @param <T> the decoded type
 */
public sealed interface DecodeResult<T> {

    /** A complete value. */
    record Decoded<T>(T value) implements DecodeResult<T> {
    }

    /** Not enough bytes yet; nothing was consumed. */
    record NeedMore<T>() implements DecodeResult<T> {
    }

    /** Malformed input; the connection (or channel, for soft codes) is to be closed with {@code code}. */
    record Failed<T>(ReplyCode code, String reason) implements DecodeResult<T> {
    }

    /** A decoded value. */
    static <T> DecodeResult<T> decoded(T value) {
        return new Decoded<>(value);
    }

    /** Need more bytes. */
    static <T> DecodeResult<T> needMore() {
        return new NeedMore<>();
    }

    /** A failure with its reply code and a short reason (never contains payload bytes). */
    static <T> DecodeResult<T> failed(ReplyCode code, String reason) {
        return new Failed<>(code, reason);
    }
}
