package io.tsunagu.ingest.codec.amqp;

import io.tsunagu.contracts.amqp.BasicProperties;

/**
 * A content header frame payload (§4.2.6.1): class-id, weight (always 0), body-size and the class's properties.
 * Only class basic (60) has content in 0-9-1. The body follows in {@code bodySize} bytes of body frames.
 */
public record ContentHeader(int classId, long bodySize, BasicProperties properties) {

    /** A header for class basic. */
    public static ContentHeader basic(long bodySize, BasicProperties properties) {
        return new ContentHeader(BasicMethod.CLASS_ID, bodySize, properties);
    }
}
