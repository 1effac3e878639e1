package io.tsunagu.ingest.transport.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.codec.amqp.FrameDecoder;
import io.tsunagu.ingest.codec.amqp.FrameEncoder;
import io.tsunagu.ingest.codec.amqp.FrameType;
import io.tsunagu.ingest.codec.amqp.Method;

/**
 * Writes a method with content (basic.deliver, get-ok, return) as its frames (§4.2.6): the method, a content header
 * whose property section is the message's as received (forwarded byte for byte, never re-encoded), and the body
 * cut into frames of at most frame-max.
 */
final class ContentFrames {

    /** Class-id, weight and body-size before the property section of a content header (§4.2.6.1). */
    private static final int HEADER_FIXED = 12;

    private final FrameEncoder encoder;

    /** Frames cut by {@code encoder} (the connection's negotiated frame-max). */
    ContentFrames(FrameEncoder encoder) {
        this.encoder = encoder;
    }

    /** Appends the frames of {@code method} with {@code message} on {@code channel} to {@code out}. */
    void write(int channel, Method method, AmqpMessage message, ByteBuf out) {
        encoder.writeMethod(channel, method, out);
        writeHeader(channel, message, out);
        Payload body = message.body();
        encoder.writeBody(channel, Unpooled.wrappedBuffer(body.array(), body.offset(), body.length()), out);
    }

    private static void writeHeader(int channel, AmqpMessage message, ByteBuf out) {
        byte[] properties = message.properties();
        out.writeByte(FrameType.HEADER.wire());
        out.writeShort(channel);
        out.writeInt(HEADER_FIXED + properties.length);
        out.writeShort(BasicMethod.CLASS_ID);
        out.writeShort(0);
        out.writeLong(message.body().length());
        out.writeBytes(properties);
        out.writeByte(FrameDecoder.FRAME_END);
    }
}
