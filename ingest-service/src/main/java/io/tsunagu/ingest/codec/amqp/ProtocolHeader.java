package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;

/**
 * The 8-byte protocol header a client sends first (AMQP 0-9-1 §4.2.2): {@code "AMQP" 0 0 9 1}. Pure; the reader
 * index is not moved (on {@link Kind#AMQP_0_9_1} the caller skips {@link #LENGTH} bytes).
 *
 * <p>§4.2.2: a server that does not recognise the header or version "MUST write a valid protocol header to the open
 * socket ... and then close the socket connection": for {@link Kind#UNSUPPORTED} write {@link #writeSupported} and
 * close. AMQP 1.0 headers ({@code "AMQP" 0 1 0 0}, and {@code "AMQP" 3 1 0 0} for SASL, AMQP 1.0 §2.2 / §5.3.1) are
 * reported apart so a later step can hand the connection to the AMQP 1.0 stack.
 */
public final class ProtocolHeader {

    /** Length of every AMQP protocol header. */
    public static final int LENGTH = 8;

    private static final byte[] PREFIX = {'A', 'M', 'Q', 'P'};
    private static final byte[] SUPPORTED = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    /** What the first bytes of a connection are. */
    public enum Kind {
        /** Fewer than 8 bytes so far, all consistent with an AMQP header. */
        NEED_MORE,
        /** {@code "AMQP" 0 0 9 1}: proceed with connection.start. */
        AMQP_0_9_1,
        /** {@code "AMQP" 0 1 0 0}: AMQP 1.0 without SASL. */
        AMQP_1_0,
        /** {@code "AMQP" 3 1 0 0}: AMQP 1.0 SASL layer. */
        AMQP_1_0_SASL,
        /** Anything else: write {@link #writeSupported} and close (§4.2.2). */
        UNSUPPORTED
    }

    private ProtocolHeader() {
    }

    /** Classifies the readable bytes of {@code in}; rejects as soon as a byte cannot start a valid header. */
    public static Kind check(ByteBuf in) {
        int start = in.readerIndex();
        int available = Math.min(in.readableBytes(), LENGTH);
        for (int i = 0; i < Math.min(available, PREFIX.length); i++) {
            if (in.getByte(start + i) != PREFIX[i]) {
                return Kind.UNSUPPORTED;
            }
        }
        if (available < LENGTH) {
            return Kind.NEED_MORE;
        }
        return classify(in.getInt(start + PREFIX.length));
    }

    private static Kind classify(int version) {
        return switch (version) {
            case 0x00000901 -> Kind.AMQP_0_9_1;
            case 0x00010000 -> Kind.AMQP_1_0;
            case 0x03010000 -> Kind.AMQP_1_0_SASL;
            default -> Kind.UNSUPPORTED;
        };
    }

    /** Writes the header of the version we support, {@code "AMQP" 0 0 9 1}, the answer to an unsupported one. */
    public static void writeSupported(ByteBuf out) {
        out.writeBytes(SUPPORTED);
    }
}
