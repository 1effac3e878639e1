package io.tsunagu.ingest.codec.amqp;

import static io.tsunagu.ingest.codec.amqp.Wire.b;
import static io.tsunagu.ingest.codec.amqp.Wire.bytesOf;
import static io.tsunagu.ingest.codec.amqp.Wire.concat;
import static io.tsunagu.ingest.codec.amqp.Wire.decoded;
import static io.tsunagu.ingest.codec.amqp.Wire.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tsunagu.contracts.amqp.BasicProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

    private final ByteBuf out = Unpooled.buffer();

    @AfterEach
    void release() {
        out.release();
    }

    @Test
    void heartbeatIsEightBytes() {
        new FrameEncoder(4096).writeHeartbeat(out);
        assertThat(bytesOf(out)).containsExactly(8, 0, 0, 0, 0, 0, 0, 0xCE);
    }

    @Test
    void publishHeaderAndBodyAreTheJavaClientFrames() {
        FrameEncoder encoder = new FrameEncoder(131072);
        encoder.writeMethod(1, new BasicMethod.Publish("", "q", false, false), out);
        encoder.writeHeader(1, ContentHeader.basic(2, BasicProperties.EMPTY), out);
        ByteBuf body = Unpooled.wrappedBuffer(s("hi"));
        encoder.writeBody(1, body, out);
        body.release();
        assertThat(bytesOf(out)).containsExactly(concat(
                b(1, 0, 1, 0, 0, 0, 10),              // method frame, channel 1, size 10
                b(0, 60, 0, 40, 0, 0, 0, 1, 'q', 0),  // basic.publish: ticket 0, exchange "", routing key "q", bits 0
                b(0xCE),
                b(2, 0, 1, 0, 0, 0, 14),              // header frame, channel 1, size 14
                b(0, 60, 0, 0),                       // class basic, weight 0
                b(0, 0, 0, 0, 0, 0, 0, 2),            // body-size 2
                b(0, 0),                              // no property flags
                b(0xCE),
                b(3, 0, 1, 0, 0, 0, 2), s("hi"), b(0xCE))); // body frame
    }

    @Test
    void bodyIsSplitToFitFrameMax() {
        FrameEncoder encoder = new FrameEncoder(4096);
        ByteBuf body = Unpooled.wrappedBuffer(new byte[10000]);
        encoder.writeBody(3, body, out);
        body.release();
        FrameDecoder decoder = new FrameDecoder(4096);
        int[] sizes = new int[3];
        for (int i = 0; i < 3; i++) {
            Frame frame = decoded(decoder.decode(out));
            sizes[i] = frame.payload().readableBytes();
            frame.release();
        }
        assertThat(sizes).containsExactly(4088, 4088, 1824);
        assertThat(out.isReadable()).isFalse();
    }

    @Test
    void methodLargerThanFrameMaxIsRefused() {
        FrameEncoder encoder = new FrameEncoder(16);
        assertThatThrownBy(() -> encoder.writeMethod(0, new ConnectionMethod.Blocked("x".repeat(20)), out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.writerIndex()).isZero();
    }
}
