package io.tsunagu.ingest.transport.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.codec.amqp.ContentHeader;
import io.tsunagu.ingest.codec.amqp.ContentHeaderCodec;
import io.tsunagu.ingest.codec.amqp.DecodeResult;
import io.tsunagu.ingest.codec.amqp.Frame;
import io.tsunagu.ingest.codec.amqp.FrameType;
import io.tsunagu.ingest.codec.amqp.ReplyCode;

/**
 * Assembles one channel's basic.publish from its method, content header and body frames (§4.2.6: "a content
 * header frame ... followed by zero or more content body frames", on the method's channel, with no other frame of
 * that channel in between). Out of order or on another channel: 505 UNEXPECTED_FRAME (RabbitMQ's
 * rabbit_command_assembler texts). A body-size above {@code maxMessageSize} is refused at the header with 406
 * PRECONDITION_FAILED, as RabbitMQ's max_message_size, before any of the body is buffered. Event-loop only.
 */
final class ContentAssembly {

    /** Class-id, weight and body-size before the property section of a content header (§4.2.6.1). */
    private static final int HEADER_FIXED = 12;

    /** What a content frame led to: more frames needed, a complete publish, or an error with its reply code. */
    record Step(PublishCommand complete, ReplyCode code, String text) {

        static final Step MORE = new Step(null, null, null);

        static Step failed(ReplyCode code, String text) {
            return new Step(null, code, text);
        }

        boolean isFailure() {
            return code != null;
        }
    }

    private final long maxMessageSize;
    private BasicMethod.Publish method;
    private byte[] properties;
    private byte[] body;
    private int filled;

    ContentAssembly(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Whether a content-carrying method waits for its header or body: any method frame now is 505. */
    boolean awaitsContent() {
        return method != null;
    }

    /** The basic.publish whose content is being assembled, or null. */
    BasicMethod.Publish pending() {
        return method;
    }

    /** A basic.publish arrived: its header must come next. */
    void start(BasicMethod.Publish publish) {
        method = publish;
        properties = null;
        body = null;
        filled = 0;
    }

    /** The text of RabbitMQ's 505 for a method frame while content is expected. */
    String unexpectedMethodText() {
        return properties == null
                ? "UNEXPECTED_FRAME - expected content header for class 60, got non content header frame instead"
                : "UNEXPECTED_FRAME - expected content body, got non content body frame instead";
    }

    /** A content header or body frame of this channel. */
    Step accept(Frame frame) {
        if (method == null) {
            return Step.failed(ReplyCode.UNEXPECTED_FRAME, "UNEXPECTED_FRAME - " + frame.type() + " frame on channel "
                    + frame.channel() + " without a content method");
        }
        return frame.type() == FrameType.HEADER ? acceptHeader(frame.payload()) : acceptBody(frame.payload());
    }

    private Step acceptHeader(ByteBuf payload) {
        if (properties != null) {
            return fail(ReplyCode.UNEXPECTED_FRAME, "UNEXPECTED_FRAME - expected content body, got non content body "
                    + "frame instead");
        }
        DecodeResult<ContentHeader> decoded = ContentHeaderCodec.decode(payload);
        if (decoded instanceof DecodeResult.Failed<ContentHeader> failed) {
            return fail(failed.code(), failed.code().name() + " - " + failed.reason());
        }
        long bodySize = ((DecodeResult.Decoded<ContentHeader>) decoded).value().bodySize();
        if (bodySize > maxMessageSize) {
            return fail(ReplyCode.PRECONDITION_FAILED, "PRECONDITION_FAILED - message size " + bodySize
                    + " is larger than configured max size " + maxMessageSize);
        }
        properties = ByteBufUtil.getBytes(payload, payload.readerIndex() + HEADER_FIXED,
                payload.readableBytes() - HEADER_FIXED);
        body = new byte[(int) bodySize];
        return bodySize == 0 ? complete() : Step.MORE;
    }

    private Step acceptBody(ByteBuf payload) {
        if (properties == null) {
            return fail(ReplyCode.UNEXPECTED_FRAME, "UNEXPECTED_FRAME - expected content header for class 60, got "
                    + "non content header frame instead");
        }
        int length = payload.readableBytes();
        if (length > body.length - filled) {
            return fail(ReplyCode.UNEXPECTED_FRAME, "UNEXPECTED_FRAME - content body beyond the header's body-size "
                    + body.length);
        }
        payload.getBytes(payload.readerIndex(), body, filled, length);
        filled += length;
        return filled == body.length ? complete() : Step.MORE;
    }

    private Step complete() {
        PublishCommand command = new PublishCommand(method, properties, body);
        reset();
        return new Step(command, null, null);
    }

    private Step fail(ReplyCode code, String text) {
        reset();
        return Step.failed(code, text);
    }

    void reset() {
        method = null;
        properties = null;
        body = null;
        filled = 0;
    }
}
