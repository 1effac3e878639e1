package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tsunagu.contracts.amqp.FieldTables;
import io.tsunagu.contracts.amqp.LongString;
import java.util.Map;

/**
 * Writes the AMQP 0-9-1 field types (§4.2.5) to a buffer. Values that cannot be represented (a short string over
 * 255 bytes, an unsupported table value) are programming errors of the caller and raise
 * {@link IllegalArgumentException}.
 */
final class FieldWriter {

    private final ByteBuf out;

    FieldWriter(ByteBuf out) {
        this.out = out;
    }

    void octet(int value) {
        out.writeByte(value);
    }

    void shortUnsigned(int value) {
        out.writeShort(value);
    }

    void longUnsigned(long value) {
        out.writeInt((int) value);
    }

    void longlong(long value) {
        out.writeLong(value);
    }

    /** A short string: octet length then UTF-8; §4.2.5.3 limits it to 255 bytes. */
    void shortstr(String value) {
        int length = ByteBufUtil.utf8Bytes(value);
        if (length > 255) {
            throw new IllegalArgumentException("shortstr longer than 255 bytes: " + length);
        }
        out.writeByte(length);
        ByteBufUtil.reserveAndWriteUtf8(out, value, length);
    }

    void longstr(LongString value) {
        out.writeInt(value.length());
        out.writeBytes(value.bytes());
    }

    /** Packs consecutive bit fields into one octet, the first in the lowest bit (§4.2.5.2). */
    void bits(boolean... values) {
        int octet = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                octet |= 1 << i;
            }
        }
        out.writeByte(octet);
    }

    /**
     * A field table with a long size prefix (§4.2.5.5), encoded by contracts' {@link FieldTables}; {@code null} is
     * written as an empty table.
     *
     * @throws IllegalArgumentException if a name or value cannot be encoded (see {@link FieldTables})
     */
    void table(Map<String, Object> table) {
        out.writeBytes(FieldTables.encodeTable(table));
    }

    /** Raw bytes, already encoded. */
    void bytes(byte[] value) {
        out.writeBytes(value);
    }
}
