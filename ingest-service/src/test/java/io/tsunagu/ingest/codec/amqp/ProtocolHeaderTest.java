package io.tsunagu.ingest.codec.amqp;

import static io.tsunagu.ingest.codec.amqp.Wire.b;
import static io.tsunagu.ingest.codec.amqp.Wire.buf;
import static io.tsunagu.ingest.codec.amqp.Wire.bytesOf;
import static io.tsunagu.ingest.codec.amqp.Wire.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class ProtocolHeaderTest {

    @Test
    void amqp091HeaderIsRecognisedWithoutMovingTheReaderIndex() {
        ByteBuf in = buf(s("AMQP"), b(0, 0, 9, 1));
        assertThat(ProtocolHeader.check(in)).isEqualTo(ProtocolHeader.Kind.AMQP_0_9_1);
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void amqp10HeaderIsReportedApart() {
        assertThat(ProtocolHeader.check(buf(s("AMQP"), b(0, 1, 0, 0)))).isEqualTo(ProtocolHeader.Kind.AMQP_1_0);
    }

    @Test
    void amqp10SaslHeaderIsReportedApart() {
        assertThat(ProtocolHeader.check(buf(s("AMQP"), b(3, 1, 0, 0))))
                .isEqualTo(ProtocolHeader.Kind.AMQP_1_0_SASL);
    }

    @Test
    void otherAmqpVersionIsUnsupported() {
        // AMQP 0-9 (protocol id 1, 1 0 9) and 0-8 are not served: §4.2.2 answer is our header, then close.
        assertThat(ProtocolHeader.check(buf(s("AMQP"), b(1, 1, 0, 9)))).isEqualTo(ProtocolHeader.Kind.UNSUPPORTED);
        assertThat(ProtocolHeader.check(buf(s("AMQP"), b(0, 0, 9, 0)))).isEqualTo(ProtocolHeader.Kind.UNSUPPORTED);
    }

    @Test
    void httpRequestIsRejectedFromItsFirstByte() {
        assertThat(ProtocolHeader.check(buf(s("G")))).isEqualTo(ProtocolHeader.Kind.UNSUPPORTED);
    }

    @Test
    void partialHeaderNeedsMore() {
        assertThat(ProtocolHeader.check(buf(s("AMQP"), b(0, 0)))).isEqualTo(ProtocolHeader.Kind.NEED_MORE);
        assertThat(ProtocolHeader.check(Unpooled.EMPTY_BUFFER)).isEqualTo(ProtocolHeader.Kind.NEED_MORE);
    }

    @Test
    void answerToUnsupportedHeaderIsAmqp091() {
        ByteBuf out = Unpooled.buffer();
        ProtocolHeader.writeSupported(out);
        assertThat(bytesOf(out)).containsExactly('A', 'M', 'Q', 'P', 0, 0, 9, 1);
    }
}
