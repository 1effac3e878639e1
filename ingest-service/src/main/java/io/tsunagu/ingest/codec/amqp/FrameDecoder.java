package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;

/**
 * Cuts AMQP 0-9-1 frames (§4.2.3, §2.3.5) out of a cumulated buffer: type octet, channel short, size long,
 * payload, frame-end octet 0xCE. Pure: no I/O, never throws. A frame is rejected from its 7-byte header whenever
 * possible, before its payload is waited for, so nothing is buffered or allocated for a frame that will be refused.
 * On {@link DecodeResult.Decoded} the reader index moves past the frame; otherwise it does not move.
 */
public final class FrameDecoder {

    /** Type octet, channel short and size long. */
    public static final int HEADER_SIZE = 7;
    /** Header plus frame-end octet: the bytes frame-max counts beyond the payload (§4.2.3, connection.tune). */
    public static final int OVERHEAD = HEADER_SIZE + 1;
    /** The frame-end octet (§4.2.3, constant frame-end = 206). */
    public static final int FRAME_END = 0xCE;
    /** frame-min-size (§1.2 constants): the largest frame allowed before connection.tune-ok fixes frame-max. */
    public static final int FRAME_MIN_SIZE = 4096;

    private final long maxPayload;

    /**
     * @param frameMax the negotiated frame-max in bytes, header and frame-end included (connection.tune); 0 means
     *                 no limit other than the size field's range, so a listener should pass its own limit when a
     *                 client tunes 0 (the session validates tune-ok values before building a decoder)
     * @throws IllegalArgumentException if {@code frameMax} is negative or too small to hold an empty frame
     */
    public FrameDecoder(long frameMax) {
        if (frameMax < 0 || frameMax != 0 && frameMax < OVERHEAD) {
            throw new IllegalArgumentException("frame-max must be 0 or at least " + OVERHEAD + ": " + frameMax);
        }
        this.maxPayload = frameMax == 0 ? 0xFFFF_FFFFL : frameMax - OVERHEAD;
    }

    /** Decodes one frame from {@code in}; the frame's payload is a retained slice the caller must release. */
    public DecodeResult<Frame> decode(ByteBuf in) {
        if (in.readableBytes() < HEADER_SIZE) {
            return DecodeResult.needMore();
        }
        int start = in.readerIndex();
        int typeOctet = in.getUnsignedByte(start);
        int channel = in.getUnsignedShort(start + 1);
        long size = in.getUnsignedInt(start + 3);
        String rejection = checkHeader(typeOctet, channel, size);
        if (rejection != null) {
            return DecodeResult.failed(ReplyCode.FRAME_ERROR, rejection);
        }
        if (in.readableBytes() < HEADER_SIZE + size + 1) {
            return DecodeResult.needMore();
        }
        int end = in.getUnsignedByte(start + HEADER_SIZE + (int) size);
        if (end != FRAME_END) {
            // §4.2.3: "If the frame-end octet is not 0xCE, the recipient MUST treat this as a fatal error".
            return DecodeResult.failed(ReplyCode.FRAME_ERROR, "invalid frame-end octet " + end);
        }
        in.skipBytes(HEADER_SIZE);
        ByteBuf payload = in.readRetainedSlice((int) size);
        in.skipBytes(1);
        return DecodeResult.decoded(new Frame(FrameType.fromWire(typeOctet), channel, payload));
    }

    /** The reason to reject a frame from its header alone, or {@code null} if the header is acceptable. */
    private String checkHeader(int typeOctet, int channel, long size) {
        FrameType type = FrameType.fromWire(typeOctet);
        if (type == null) {
            // RabbitMQ rabbit_reader:handle_frame -> frame_error(unknown_frame, ...): 501, not 503.
            return "unknown frame type " + typeOctet;
        }
        if (size > maxPayload) {
            // §4.2.3 / connection.tune frame-max: the whole frame, 8 bytes of header and frame-end included.
            return "frame payload of " + size + " bytes exceeds frame-max";
        }
        if (type == FrameType.HEARTBEAT && channel != 0) {
            // §4.2.7: "Heartbeat frames MUST have a channel number of zero" ... "reply code 501 (frame error)".
            return "heartbeat on channel " + channel;
        }
        if (type == FrameType.HEARTBEAT && size != 0) {
            // §4.2.7 heartbeat frames carry no payload (RabbitMQ analyze_frame only accepts an empty one).
            return "heartbeat with payload of " + size + " bytes";
        }
        return null;
    }
}
