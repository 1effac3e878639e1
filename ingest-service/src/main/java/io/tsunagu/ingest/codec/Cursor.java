package io.tsunagu.ingest.codec;

import io.netty.buffer.ByteBuf;

/**
 * Reads MQTT data types (MQTT 5 §1.5) from a packet by absolute index, within a limit, without moving the buffer's
 * own indexes. Each read that runs past the limit answers "not readable" (false or -1) instead of throwing.
 */
final class Cursor {

    private static final int MAX_VARIABLE_BYTE_INTEGER_BYTES = 4;

    private final ByteBuf buffer;
    private final int limit;
    private int index;

    private Cursor(ByteBuf buffer, int index, int limit) {
        this.buffer = buffer;
        this.index = index;
        this.limit = limit;
    }

    /** A cursor at the variable header of {@code packet}, or null when its fixed header is not readable. */
    static Cursor afterFixedHeader(ByteBuf packet) {
        Cursor cursor = new Cursor(packet, packet.readerIndex() + 1, packet.writerIndex());
        int remaining = cursor.readVariableByteInteger();
        if (remaining < 0 || remaining > cursor.remaining()) {
            return null;
        }
        return new Cursor(packet, cursor.index, cursor.index + remaining);
    }

    int remaining() {
        return limit - index;
    }

    /** A cursor over the next {@code length} bytes (which must be readable). */
    Cursor slice(int length) {
        return new Cursor(buffer, index, index + length);
    }

    int readByte() {
        return buffer.getUnsignedByte(index++);
    }

    /** The Two Byte Integer at the cursor, without moving it. */
    int peekShort() {
        return buffer.getUnsignedShort(index);
    }

    /** Skips {@code count} bytes; false (without moving) when fewer remain. */
    boolean skip(int count) {
        if (count > remaining()) {
            return false;
        }
        index += count;
        return true;
    }

    /** Skips a UTF-8 Encoded String or Binary Data (a Two Byte Integer length, then the bytes). */
    boolean skipString() {
        return remaining() >= 2 && skip(2 + buffer.getUnsignedShort(index));
    }

    /** Reads a Variable Byte Integer; -1 when it is cut off or longer than four bytes. */
    int readVariableByteInteger() {
        int value = 0;
        for (int i = 0; i < MAX_VARIABLE_BYTE_INTEGER_BYTES; i++) {
            if (remaining() < 1) {
                return -1;
            }
            int digit = readByte();
            value |= (digit & 0x7F) << (7 * i);
            if ((digit & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }

    /** Skips the value of property {@code identifier} (MQTT 5 §2.2.2.2); false when unknown or cut off. */
    boolean skipPropertyValue(int identifier) {
        return switch (identifier) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> skip(1);
            case 0x13, 0x21, 0x22, 0x23 -> skip(2);
            case 0x02, 0x11, 0x18, 0x27 -> skip(4);
            case 0x0B -> readVariableByteInteger() >= 0;
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> skipString();
            case 0x26 -> skipString() && skipString();
            default -> false;
        };
    }
}
