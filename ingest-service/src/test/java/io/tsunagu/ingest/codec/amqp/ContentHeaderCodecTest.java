package io.tsunagu.ingest.codec.amqp;

import static io.tsunagu.ingest.codec.amqp.Wire.b;
import static io.tsunagu.ingest.codec.amqp.Wire.bytesOf;
import static io.tsunagu.ingest.codec.amqp.Wire.concat;
import static io.tsunagu.ingest.codec.amqp.Wire.decoded;
import static io.tsunagu.ingest.codec.amqp.Wire.failure;
import static io.tsunagu.ingest.codec.amqp.Wire.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.LongString;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentHeaderCodecTest {

    /** The header the Java client writes for MessageProperties.PERSISTENT_TEXT_PLAIN and a 5-byte body. */
    private static final byte[] PERSISTENT_TEXT_PLAIN = concat(
            b(0, 60),                   // class-id 60: basic
            b(0, 0),                    // weight 0
            b(0, 0, 0, 0, 0, 0, 0, 5),  // body-size 5
            b(0x98, 0x00),              // flags: bit 15 content-type, bit 12 delivery-mode, bit 11 priority
            b(10), s("text/plain"),     // content-type shortstr
            b(2),                       // delivery-mode octet: 2 persistent
            b(0));                      // priority octet 0

    private static DecodeResult<ContentHeader> decode(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            return ContentHeaderCodec.decode(in);
        } finally {
            in.release();
        }
    }

    private static byte[] encode(ContentHeader header) {
        ByteBuf out = Unpooled.buffer();
        try {
            ContentHeaderCodec.encode(header, out);
            return bytesOf(out);
        } finally {
            out.release();
        }
    }

    @Test
    void persistentTextPlainDecodesFieldByField() {
        ContentHeader header = decoded(decode(PERSISTENT_TEXT_PLAIN));
        assertThat(header).isEqualTo(ContentHeader.basic(5, BasicProperties.EMPTY.withContentType("text/plain")
                .withDeliveryMode(BasicProperties.PERSISTENT).withPriority(0)));
    }

    @Test
    void persistentTextPlainEncodesToTheJavaClientBytes() {
        ContentHeader header = ContentHeader.basic(5, BasicProperties.EMPTY.withContentType("text/plain")
                .withDeliveryMode(2).withPriority(0));
        assertThat(encode(header)).containsExactly(PERSISTENT_TEXT_PLAIN);
    }

    @Test
    void emptyPropertiesHaveNoFlags() {
        assertThat(encode(ContentHeader.basic(0, BasicProperties.EMPTY)))
                .containsExactly(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void allFourteenPropertiesRoundTrip() {
        BasicProperties all = new BasicProperties("application/json", "gzip", Map.of("x-device", LongString.of("d1")),
                1, 9, "corr", "reply.q", "60000", "m-1", Instant.ofEpochSecond(1_700_000_000L), "telemetry",
                "guest", "app", "cluster");
        ContentHeader header = ContentHeader.basic(1L << 40, all);
        assertThat(decoded(decode(encode(header)))).isEqualTo(header);
    }

    @Test
    void headerForAnotherClassIsUnexpectedFrame() {
        assertThat(failure(decode(b(0, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    }

    @Test
    void nonZeroWeightIsSyntaxError() {
        assertThat(failure(decode(b(0, 60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void bodySizeBeyondSignedRangeIsSyntaxError() {
        assertThat(failure(decode(b(0, 60, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0))))
                .isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void emptyContinuationWordIsAccepted() {
        ContentHeader header = decoded(decode(b(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0)));
        assertThat(header.properties()).isEqualTo(BasicProperties.EMPTY);
    }

    @Test
    void flagsBeyondTheBasicPropertiesAreSyntaxError() {
        assertThat(failure(decode(b(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x80, 0))))
                .isEqualTo(ReplyCode.SYNTAX_ERROR);
        assertThat(failure(decode(b(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2)))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void flaggedPropertyMissingIsSyntaxError() {
        assertThat(failure(decode(b(0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0)))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void trailingBytesAreSyntaxError() {
        assertThat(failure(decode(concat(PERSISTENT_TEXT_PLAIN, b(0))))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }
}
