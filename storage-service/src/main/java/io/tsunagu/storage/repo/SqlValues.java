package io.tsunagu.storage.repo;

import io.netty.buffer.Unpooled;
import io.tsunagu.contracts.event.Payload;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Java values in the types the reactive PostgreSQL client binds: {@code bytea} buffers and {@code timestamptz}. */
final class SqlValues {

    private SqlValues() {
    }

    /** A {@code bytea} value over the payload's own bytes, without a copy. */
    static Buffer toBuffer(Payload payload) {
        return toBuffer(payload.array(), payload.offset(), payload.length());
    }

    /** A {@code bytea} value over the whole of {@code bytes}, without a copy. */
    static Buffer toBuffer(byte[] bytes) {
        return toBuffer(bytes, 0, bytes.length);
    }

    /** A {@code timestamptz} value, in UTC. */
    static OffsetDateTime toOffsetDateTime(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Netty's wrapped buffer shares the array instead of copying it (Buffer.buffer(byte[]) would copy). Deprecated in
     * Vert.x 4.5 only because Vert.x 5 moves it to BufferInternal.
     */
    @SuppressWarnings("deprecation")
    private static Buffer toBuffer(byte[] array, int offset, int length) {
        return Buffer.buffer(Unpooled.wrappedBuffer(array, offset, length));
    }
}
