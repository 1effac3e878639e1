package io.tsunagu.ingest.codec.amqp;

import static io.tsunagu.ingest.codec.amqp.Wire.b;
import static io.tsunagu.ingest.codec.amqp.Wire.buf;
import static io.tsunagu.ingest.codec.amqp.Wire.bytesOf;
import static io.tsunagu.ingest.codec.amqp.Wire.decoded;
import static io.tsunagu.ingest.codec.amqp.Wire.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private final FrameDecoder decoder = new FrameDecoder(4096);
    private ByteBuf in;

    @AfterEach
    void releaseInput() {
        if (in != null) {
            in.release();
        }
    }

    @Test
    void heartbeatFrameDecodes() {
        in = buf(
                b(8),          // type: heartbeat
                b(0, 0),       // channel 0
                b(0, 0, 0, 0), // size 0
                b(0xCE));      // frame-end
        Frame frame = decoded(decoder.decode(in));
        assertThat(frame.type()).isEqualTo(FrameType.HEARTBEAT);
        assertThat(frame.payload().readableBytes()).isZero();
        assertThat(in.isReadable()).isFalse();
        frame.release();
    }

    @Test
    void methodFramePayloadIsASliceOfTheInput() {
        in = buf(
                b(1),             // type: method
                b(0, 5),          // channel 5
                b(0, 0, 0, 4),    // size 4
                b(0, 90, 0, 10),  // payload: tx.select (class 90, method 10)
                b(0xCE),          // frame-end
                b(8));            // first byte of the next frame stays
        Frame frame = decoded(decoder.decode(in));
        assertThat(frame.type()).isEqualTo(FrameType.METHOD);
        assertThat(frame.channel()).isEqualTo(5);
        assertThat(bytesOf(frame.payload())).containsExactly(0, 90, 0, 10);
        assertThat(frame.payload().array()).as("no copy").isSameAs(in.array());
        assertThat(in.readableBytes()).isEqualTo(1);
        frame.release();
    }

    @Test
    void incompleteHeaderNeedsMore() {
        in = buf(b(1, 0, 1, 0, 0, 0));
        assertThat(decoder.decode(in)).isInstanceOf(DecodeResult.NeedMore.class);
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void incompletePayloadNeedsMore() {
        in = buf(b(1, 0, 1, 0, 0, 0, 4), b(0, 90, 0));
        assertThat(decoder.decode(in)).isInstanceOf(DecodeResult.NeedMore.class);
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void missingFrameEndNeedsMore() {
        in = buf(b(1, 0, 1, 0, 0, 0, 4), b(0, 90, 0, 10));
        assertThat(decoder.decode(in)).isInstanceOf(DecodeResult.NeedMore.class);
    }

    @Test
    void badFrameEndIsFrameError() {
        // §4.2.3: a frame-end other than 0xCE is a fatal error: 501.
        in = buf(b(1, 0, 1, 0, 0, 0, 4), b(0, 90, 0, 10), b(0xCD));
        assertThat(failure(decoder.decode(in))).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void oversizeFrameIsRejectedFromItsHeaderAlone() {
        // frame-max 4096 includes the 8 bytes of header and frame-end: the largest payload is 4088.
        in = buf(b(3), b(0, 1), b(0, 0, 0x0F, 0xF9)); // body frame, size 4089, no payload yet
        assertThat(failure(decoder.decode(in))).isEqualTo(ReplyCode.FRAME_ERROR);
    }

    @Test
    void frameOfExactlyFrameMaxIsAccepted() {
        byte[] payload = new byte[4088];
        in = buf(b(3), b(0, 1), b(0, 0, 0x0F, 0xF8), payload, b(0xCE));
        Frame frame = decoded(decoder.decode(in));
        assertThat(frame.payload().readableBytes()).isEqualTo(4088);
        frame.release();
    }

    @Test
    void hugeSizeFieldIsRejectedWithoutWaiting() {
        in = buf(b(1), b(0, 1), b(0xFF, 0xFF, 0xFF, 0xFF));
        assertThat(failure(new FrameDecoder(131072).decode(in))).isEqualTo(ReplyCode.FRAME_ERROR);
    }

    @Test
    void zeroFrameMaxMeansNoLimit() {
        byte[] payload = new byte[10000];
        in = buf(b(3), b(0, 1), b(0, 0, 0x27, 0x10), payload, b(0xCE));
        Frame frame = decoded(new FrameDecoder(0).decode(in));
        assertThat(frame.payload().readableBytes()).isEqualTo(10000);
        frame.release();
    }

    @Test
    void frameMaxTooSmallForAnEmptyFrameIsRefused() {
        assertThatThrownBy(() -> new FrameDecoder(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownFrameTypeIsFrameError() {
        // RabbitMQ rabbit_reader: analyze_frame -> error -> frame_error(unknown_frame): 501.
        in = buf(b(4), b(0, 1), b(0, 0, 0, 0), b(0xCE));
        assertThat(failure(decoder.decode(in))).isEqualTo(ReplyCode.FRAME_ERROR);
    }

    @Test
    void heartbeatOnNonZeroChannelIsFrameError() {
        // §4.2.7: heartbeat frames must use channel 0, else connection exception 501.
        in = buf(b(8), b(0, 1), b(0, 0, 0, 0), b(0xCE));
        assertThat(failure(decoder.decode(in))).isEqualTo(ReplyCode.FRAME_ERROR);
    }

    @Test
    void heartbeatWithPayloadIsFrameError() {
        in = buf(b(8), b(0, 0), b(0, 0, 0, 1), b(0), b(0xCE));
        assertThat(failure(decoder.decode(in))).isEqualTo(ReplyCode.FRAME_ERROR);
    }

    @Test
    void consecutiveFramesDecodeOneByOne() {
        in = buf(b(8, 0, 0, 0, 0, 0, 0, 0xCE), b(3, 0, 2, 0, 0, 0, 1, 'x', 0xCE));
        decoded(decoder.decode(in)).release();
        Frame body = decoded(decoder.decode(in));
        assertThat(body.type()).isEqualTo(FrameType.BODY);
        assertThat(bytesOf(body.payload())).containsExactly('x');
        body.release();
        assertThat(decoder.decode(in)).isInstanceOf(DecodeResult.NeedMore.class);
    }
}
