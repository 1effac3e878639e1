package io.tsunagu.storage.sink;

/**
 * The outcome of decoding one stream record: what to store, or why the record can never be stored.
 *
 * @param value what the record carries, or null when rejected
 * @param rejection why the record can never be stored, or null
 * @param <T> what the record decodes to
 */
record Decoded<T>(T value, String rejection) {

    static <T> Decoded<T> accepted(T value) {
        return new Decoded<>(value, null);
    }

    static <T> Decoded<T> rejected(String reason) {
        return new Decoded<>(null, reason);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
