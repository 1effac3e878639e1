package io.tsunagu.ingest.codec.amqp;

import static io.tsunagu.ingest.codec.amqp.Wire.b;
import static io.tsunagu.ingest.codec.amqp.Wire.concat;
import static io.tsunagu.ingest.codec.amqp.Wire.decodeMethod;
import static io.tsunagu.ingest.codec.amqp.Wire.decoded;
import static io.tsunagu.ingest.codec.amqp.Wire.encode;
import static io.tsunagu.ingest.codec.amqp.Wire.failure;
import static io.tsunagu.ingest.codec.amqp.Wire.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tsunagu.contracts.amqp.LongString;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MethodCodecTest {

    /** connection.start-ok with SASL PLAIN, laid out as the RabbitMQ Java client writes it (smaller table). */
    private static final byte[] START_OK_PLAIN = concat(
            b(0, 10),                      // class-id 10: connection
            b(0, 11),                      // method-id 11: start-ok
            b(0, 0, 0, 21),                // client-properties: table of 21 bytes
            b(7), s("product"),            //   field name shortstr "product"
            b('S', 0, 0, 0, 8), s("RabbitMQ"), //   'S' longstr of 8 bytes
            b(5), s("PLAIN"),              // mechanism shortstr "PLAIN"
            b(0, 0, 0, 12),                // response longstr of 12 bytes (RFC 4616: authzid NUL authcid NUL passwd)
            b(0), s("guest"), b(0), s("guest"),
            b(5), s("en_US"));             // locale shortstr

    /** basic.publish as the Java client writes it: ticket 0, exchange, routing key, mandatory and immediate off. */
    private static final byte[] PUBLISH = concat(
            b(0, 60),                      // class-id 60: basic
            b(0, 40),                      // method-id 40: publish
            b(0, 0),                       // reserved-1 (ticket) short 0
            b(9), s("amq.topic"),          // exchange shortstr
            b(5), s("a.b.c"),              // routing-key shortstr
            b(0));                         // bits: mandatory (bit 0) = 0, immediate (bit 1) = 0

    @Test
    void startOkWithPlainDecodesFieldByField() {
        Method method = decoded(decodeMethod(START_OK_PLAIN));
        assertThat(method).isEqualTo(new ConnectionMethod.StartOk(Map.of("product", LongString.of("RabbitMQ")),
                "PLAIN", new LongString(concat(b(0), s("guest"), b(0), s("guest"))), "en_US"));
    }

    @Test
    void startOkEncodesToTheSameBytes() {
        assertThat(encode(decoded(decodeMethod(START_OK_PLAIN)))).containsExactly(START_OK_PLAIN);
    }

    @Test
    void publishDecodesAndEncodesToTheJavaClientBytes() {
        Method method = decoded(decodeMethod(PUBLISH));
        assertThat(method).isEqualTo(new BasicMethod.Publish("amq.topic", "a.b.c", false, false));
        assertThat(method.hasContent()).isTrue();
        assertThat(encode(method)).containsExactly(PUBLISH);
    }

    @Test
    void mandatoryAndImmediateArePackedIntoOneOctet() {
        byte[] bytes = encode(new BasicMethod.Publish("", "q", true, true));
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 0b11);
    }

    @Test
    void tuneEncodesFieldByField() {
        assertThat(encode(new ConnectionMethod.Tune(2047, 131072, 60))).containsExactly(
                0, 10, 0, 30,          // connection.tune
                0x07, 0xFF,            // channel-max 2047
                0, 2, 0, 0,            // frame-max 131072
                0, 60);                // heartbeat 60 s
    }

    @ParameterizedTest
    @MethodSource("io.tsunagu.ingest.codec.amqp.MethodSamples#all")
    void everyMethodRoundTrips(Method method) {
        assertThat(decoded(decodeMethod(encode(method)))).isEqualTo(method);
    }

    @Test
    void samplesCoverEveryDispatchedMethod() {
        assertThat(MethodSamples.all().map(m -> m.classId() << 16 | m.methodId()).distinct()).hasSize(62);
    }

    @Test
    void unknownMethodIsNotImplemented() {
        assertThat(failure(decodeMethod(b(0, 60, 0, 41)))).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
    }

    @Test
    void unknownClassIsNotImplemented() {
        assertThat(failure(decodeMethod(b(0, 99, 0, 10)))).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
    }

    @Test
    void payloadShorterThanClassAndMethodIdIsSyntaxError() {
        assertThat(failure(decodeMethod(b(0, 60, 0)))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void truncatedArgumentsAreSyntaxError() {
        byte[] truncated = Arrays.copyOf(PUBLISH, PUBLISH.length - 1);
        assertThat(failure(decodeMethod(truncated))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void trailingBytesAreSyntaxError() {
        assertThat(failure(decodeMethod(concat(PUBLISH, b(0))))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void shortStringLengthBeyondPayloadIsSyntaxError() {
        assertThat(failure(decodeMethod(b(0, 60, 0, 21, 200, 'a')))).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void decodingDoesNotMoveThePayloadIndex() {
        ByteBuf payload = Unpooled.wrappedBuffer(PUBLISH);
        decoded(MethodCodec.decode(payload));
        assertThat(payload.readerIndex()).isZero();
        payload.release();
    }
}
