package io.tsunagu.routing.stream;

/**
 * What a {@link CompactedStreamReader} does with each record of its stream: applies it to an in-memory copy.
 * Called on the reader's thread only, which makes that thread the copy's single writer.
 */
public interface RecordHandler {

    /**
     * Applies one record and names what it did (the {@code outcome} tag of the reader's events counter).
     *
     * @param key the record key
     * @param value the record value, or null for a tombstone
     * @throws io.tsunagu.contracts.codec.CodecException when the record cannot be understood: the reader logs,
     *     counts and skips it, since reading it again cannot succeed
     */
    String apply(String key, byte[] value);

    /** A short description of the copy for the log line that reports catching up, such as its size. */
    String describe();
}
