package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * Writes AMQP 0-9-1 frames (§4.2.3) for the outbound pipeline: methods, content headers, bodies split to fit
 * frame-max (§4.2.6.2: "the content body ... broken into frames of at most frame-max minus 8 bytes") and
 * heartbeats. A method or header that does not fit frame-max is a programming error
 * ({@link IllegalArgumentException}); the spec requires every frame to fit.
 */
public final class FrameEncoder {

    private final long maxPayload;

    /**
     * @param frameMax the negotiated frame-max in bytes, header and frame-end included; 0 means no limit
     * @throws IllegalArgumentException if {@code frameMax} leaves no room for a payload byte
     */
    public FrameEncoder(long frameMax) {
        if (frameMax < 0 || frameMax != 0 && frameMax <= FrameDecoder.OVERHEAD) {
            throw new IllegalArgumentException(
                    "frame-max must be 0 or above " + FrameDecoder.OVERHEAD + ": " + frameMax);
        }
        this.maxPayload = frameMax == 0 ? Integer.MAX_VALUE : frameMax - FrameDecoder.OVERHEAD;
    }

    /** Writes one method frame. */
    public void writeMethod(int channel, Method method, ByteBuf out) {
        writeFrame(FrameType.METHOD, channel, out, buf -> MethodCodec.encode(method, buf));
    }

    /** Writes one content header frame. */
    public void writeHeader(int channel, ContentHeader header, ByteBuf out) {
        writeFrame(FrameType.HEADER, channel, out, buf -> ContentHeaderCodec.encode(header, buf));
    }

    /** Writes the readable bytes of {@code body} as body frames of at most frame-max; does not move its index. */
    public void writeBody(int channel, ByteBuf body, ByteBuf out) {
        int index = body.readerIndex();
        int end = body.writerIndex();
        while (index < end) {
            int length = (int) Math.min(end - index, maxPayload);
            int from = index;
            writeFrame(FrameType.BODY, channel, out, buf -> buf.writeBytes(body, from, length));
            index += length;
        }
    }

    /** Writes a heartbeat frame: type 8, channel 0, no payload (§4.2.7). */
    public void writeHeartbeat(ByteBuf out) {
        writeFrame(FrameType.HEARTBEAT, 0, out, buf -> {
        });
    }

    private void writeFrame(FrameType type, int channel, ByteBuf out, Consumer<ByteBuf> payload) {
        int start = out.writerIndex();
        out.writeByte(type.wire());
        out.writeShort(channel);
        out.writeInt(0);
        payload.accept(out);
        int size = out.writerIndex() - start - FrameDecoder.HEADER_SIZE;
        if (size > maxPayload) {
            out.writerIndex(start);
            throw new IllegalArgumentException(type + " frame of " + size + " bytes exceeds frame-max");
        }
        out.setInt(start + 3, size);
        out.writeByte(FrameDecoder.FRAME_END);
    }
}
