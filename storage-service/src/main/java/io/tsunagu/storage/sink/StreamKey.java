package io.tsunagu.storage.sink;

/**
 * A stream key of two parts joined by U+0000: {@code Streams.publishKey(tenant, topic)} or
 * {@code Streams.sessionKey(tenant, clientId)}. Pure.
 *
 * @param tenant the part before the first U+0000, never empty
 * @param name the part after it (topic or client id), never empty; may itself hold U+0000
 */
record StreamKey(String tenant, String name) {

    private static final char SEPARATOR = '\u0000';

    /** The parts of {@code key}, or null when it is not two non-empty parts joined by U+0000. */
    static StreamKey parse(String key) {
        int separator = key.indexOf(SEPARATOR);
        if (separator <= 0 || separator == key.length() - 1) {
            return null;
        }
        return new StreamKey(key.substring(0, separator), key.substring(separator + 1));
    }
}
