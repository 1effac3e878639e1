package io.tsunagu.contracts.amqp;

import static io.tsunagu.contracts.amqp.Wire.b;
import static io.tsunagu.contracts.amqp.Wire.concat;
import static io.tsunagu.contracts.amqp.Wire.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.codec.CodecException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The property section of a basic content header (§4.2.6.1): property flags, then the present properties. */
class BasicPropertiesCodecTest {

    /** Every property present, written field by field from amqp0-9-1.xml's class basic. */
    private static final byte[] ALL_FOURTEEN = concat(
            b(0xFF, 0xFC),                          // flags: bits 15..2 set, bit 0 clear (no continuation)
            b(16), s("application/json"),           // content-type shortstr
            b(4), s("gzip"),                        // content-encoding shortstr
            b(0, 0, 0, 7, 1, 'k', 'I', 0, 0, 0, 1), // headers table {k: I 1}
            b(2),                                   // delivery-mode octet: persistent
            b(9),                                   // priority octet
            b(2), s("c1"),                          // correlation-id shortstr
            b(1), s("r"),                           // reply-to shortstr
            b(5), s("60000"),                       // expiration shortstr
            b(1), s("m"),                           // message-id shortstr
            b(0, 0, 0, 0, 0x65, 0x53, 0xF1, 0x00),  // timestamp: 1700000000 s
            b(1), s("t"),                           // type shortstr
            b(5), s("guest"),                       // user-id shortstr
            b(3), s("app"),                         // app-id shortstr
            b(0));                                  // cluster-id: empty shortstr

    private static final BasicProperties ALL = new BasicProperties("application/json", "gzip", Map.of("k", 1), 2, 9,
            "c1", "r", "60000", "m", Instant.ofEpochSecond(1_700_000_000L), "t", "guest", "app", "");

    private static final BasicProperties ONE_OF_EACH_KIND = BasicProperties.EMPTY.withContentType("a")
            .withHeaders(Map.of()).withPriority(3).withExpiration("5");

    @Test
    void allFourteenPropertiesDecodeFieldByField() {
        assertThat(BasicPropertiesCodec.decode(ALL_FOURTEEN)).isEqualTo(ALL);
    }

    @Test
    void allFourteenPropertiesEncodeFieldByField() {
        assertThat(BasicPropertiesCodec.encode(ALL)).containsExactly(ALL_FOURTEEN);
    }

    @Test
    void noPropertiesIsOneEmptyFlagWord() {
        assertThat(BasicPropertiesCodec.encode(BasicProperties.EMPTY)).containsExactly(0, 0);
        assertThat(BasicPropertiesCodec.decode(b(0, 0))).isEqualTo(BasicProperties.EMPTY);
    }

    @Test
    void eachPropertyAloneSetsItsOwnFlagBitAndRoundTrips() {
        Object[] all = ALL.values();
        for (int i = 0; i < BasicProperties.COUNT; i++) {
            Object[] one = new Object[BasicProperties.COUNT];
            one[i] = all[i];
            BasicProperties properties = BasicProperties.fromValues(one);
            byte[] section = BasicPropertiesCodec.encode(properties);
            int flags = (section[0] & 0xFF) << 8 | section[1] & 0xFF;
            assertThat(flags).as("property %d", i).isEqualTo(1 << (15 - i));
            assertThat(BasicPropertiesCodec.decode(section)).as("property %d", i).isEqualTo(properties);
        }
    }

    @Test
    void timestampLosesItsSubSecondPart() {
        BasicProperties properties = BasicProperties.fromValues(
                withValue(BasicProperties.EMPTY, 9, Instant.ofEpochSecond(5, 999_999_999)));
        assertThat(BasicPropertiesCodec.decode(BasicPropertiesCodec.encode(properties)).timestamp())
                .isEqualTo(Instant.ofEpochSecond(5));
    }

    @Test
    void accessorsReadThePropertiesOfAFullSection() {
        assertThat(BasicPropertiesCodec.priority(ALL_FOURTEEN)).isEqualTo(9);
        assertThat(BasicPropertiesCodec.persistent(ALL_FOURTEEN)).isTrue();
        assertThat(BasicPropertiesCodec.expiration(ALL_FOURTEEN)).isEqualTo("60000");
    }

    @Test
    void accessorsGiveTheirDefaultsWhenAbsent() {
        byte[] none = b(0, 0);
        assertThat(BasicPropertiesCodec.priority(none)).isZero();
        assertThat(BasicPropertiesCodec.persistent(none)).isFalse();
        assertThat(BasicPropertiesCodec.expiration(none)).isNull();
    }

    @Test
    void transientDeliveryModeIsNotPersistent() {
        byte[] section = BasicPropertiesCodec.encode(BasicProperties.EMPTY.withDeliveryMode(BasicProperties.TRANSIENT));
        assertThat(section).containsExactly(0x10, 0x00, 1);
        assertThat(BasicPropertiesCodec.persistent(section)).isFalse();
        assertThat(BasicPropertiesCodec.decode(section).persistent()).isFalse();
    }

    @Test
    void accessorsSkipTheHeadersTableWithoutDecodingIt() {
        // headers {a: unknown tag 'Z'} that decode refuses, then priority 4
        byte[] section = concat(b(0x28, 0x00), b(0, 0, 0, 4, 1, 'a', 'Z', 0), b(4));
        assertThat(BasicPropertiesCodec.priority(section)).isEqualTo(4);
        assertThatThrownBy(() -> BasicPropertiesCodec.decode(section)).isInstanceOf(CodecException.class);
    }

    @Test
    void copyMethodsSetAndRemoveOneProperty() {
        BasicProperties properties = ONE_OF_EACH_KIND.withDeliveryMode(2);
        assertThat(properties).isEqualTo(new BasicProperties("a", null, Map.of(), 2, 3, null, null, "5", null, null,
                null, null, null, null));
        assertThat(properties.withExpiration(null).withPriority(null).withHeaders(null).withContentType(null)
                .withDeliveryMode(null)).isEqualTo(BasicProperties.EMPTY);
    }

    @Test
    void emptySectionIsRefused() {
        assertRefusedEverywhere(b());
        assertRefusedEverywhere(b(0));
    }

    @Test
    void everyTruncationIsRefused() {
        for (int length = 0; length < ALL_FOURTEEN.length; length++) {
            byte[] cut = Arrays.copyOf(ALL_FOURTEEN, length);
            assertThatThrownBy(() -> BasicPropertiesCodec.decode(cut)).as("first %d bytes", length)
                    .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void flaggedPropertyMissingIsRefused() {
        assertThatThrownBy(() -> BasicPropertiesCodec.decode(b(0x80, 0x00))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> BasicPropertiesCodec.priority(b(0x08, 0x00))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> BasicPropertiesCodec.persistent(b(0x10, 0x00))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> BasicPropertiesCodec.expiration(b(0x01, 0x00, 5, '6')))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void flagBitOneIsRefused() {
        // bit 1 would be a 15th basic property; there is none
        assertRefusedEverywhere(b(0x00, 0x02));
        assertRefusedEverywhere(b(0x18, 0x02, 2, 0));
    }

    @Test
    void emptyContinuationWordsAreSkipped() {
        // bit 0: another flag word follows; it sets nothing (and may itself continue)
        assertThat(BasicPropertiesCodec.decode(b(0x00, 0x01, 0x00, 0x00))).isEqualTo(BasicProperties.EMPTY);
        byte[] section = b(0x08, 0x01, 0x00, 0x01, 0x00, 0x00, 7);
        assertThat(BasicPropertiesCodec.decode(section)).isEqualTo(BasicProperties.EMPTY.withPriority(7));
        assertThat(BasicPropertiesCodec.priority(section)).isEqualTo(7);
    }

    @Test
    void continuationWordSettingAPropertyIsRefused() {
        assertRefusedEverywhere(b(0x00, 0x01, 0x80, 0x00));
        assertRefusedEverywhere(b(0x00, 0x01, 0x00, 0x02));
    }

    @Test
    void missingContinuationWordIsRefused() {
        assertRefusedEverywhere(b(0x00, 0x01));
        assertRefusedEverywhere(b(0x00, 0x01, 0x00));
        assertRefusedEverywhere(b(0x00, 0x01, 0x00, 0x01));
    }

    @Test
    void headersSizeBeyondTheSectionIsRefused() {
        byte[] section = concat(b(0x28, 0x00), b(0, 0, 0, 9, 1, 'a', 'V'), b(4));
        assertThatThrownBy(() -> BasicPropertiesCodec.decode(section)).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> BasicPropertiesCodec.priority(section)).isInstanceOf(CodecException.class);
        byte[] huge = concat(b(0x28, 0x00), b(0xFF, 0xFF, 0xFF, 0xFF), b(4));
        assertThatThrownBy(() -> BasicPropertiesCodec.priority(huge)).isInstanceOf(CodecException.class);
    }

    @Test
    void shortStringBeyondTheSectionIsRefused() {
        byte[] section = concat(b(0x80, 0x00), b(200), s("short"));
        assertThatThrownBy(() -> BasicPropertiesCodec.decode(section)).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> BasicPropertiesCodec.priority(concat(b(0x88, 0x00), b(200), s("short"))))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void invalidUtf8ShortStringIsRefused() {
        assertThatThrownBy(() -> BasicPropertiesCodec.decode(b(0x80, 0x00, 1, 0xC3)))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> BasicPropertiesCodec.expiration(b(0x01, 0x00, 2, 0xC0, 0x80)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void timestampBeforeTheEpochIsRefused() {
        assertThatThrownBy(() -> BasicPropertiesCodec.decode(b(0x00, 0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF))).isInstanceOf(CodecException.class);
    }

    @Test
    void trailingBytesAreRefusedByTheFullDecode() {
        assertThatThrownBy(() -> BasicPropertiesCodec.decode(concat(ALL_FOURTEEN, b(0))))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void headersNestedTooDeepAreRefused() {
        byte[] table = b(0, 0, 0, 0);
        for (int i = 0; i < FieldTables.MAX_DEPTH; i++) {
            table = Wire.entry('n', concat(b('F'), table));
        }
        byte[] section = concat(b(0x20, 0x00), table);
        assertThatThrownBy(() -> BasicPropertiesCodec.decode(section)).isInstanceOf(CodecException.class);
    }

    @Test
    void valuesTheWireCannotCarryAreRefusedWhenEncoding() {
        assertEncodeRefused(BasicProperties.EMPTY.withContentType("x".repeat(256)));
        assertEncodeRefused(BasicProperties.EMPTY.withExpiration("\ud800"));
        assertEncodeRefused(BasicProperties.EMPTY.withPriority(256));
        assertEncodeRefused(BasicProperties.EMPTY.withDeliveryMode(-1));
        assertEncodeRefused(BasicProperties.fromValues(withValue(BasicProperties.EMPTY, 9, Instant.ofEpochSecond(-1))));
        assertEncodeRefused(BasicProperties.EMPTY.withHeaders(Map.of("k", new Object())));
    }

    @Test
    void shortStringOf255BytesIsTheLongestProperty() {
        BasicProperties properties = BasicProperties.EMPTY.withContentType("é".repeat(127) + "x");
        assertThat(BasicPropertiesCodec.decode(BasicPropertiesCodec.encode(properties))).isEqualTo(properties);
    }

    private static Object[] withValue(BasicProperties properties, int index, Object value) {
        Object[] values = properties.values();
        values[index] = value;
        return values;
    }

    private static void assertEncodeRefused(BasicProperties properties) {
        assertThatThrownBy(() -> BasicPropertiesCodec.encode(properties)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The full decode and all three accessors refuse {@code section}. */
    private static void assertRefusedEverywhere(byte[] section) {
        ThrowingCallable[] readers = {() -> BasicPropertiesCodec.decode(section),
            () -> BasicPropertiesCodec.priority(section), () -> BasicPropertiesCodec.persistent(section),
            () -> BasicPropertiesCodec.expiration(section)};
        for (ThrowingCallable reader : readers) {
            assertThatThrownBy(reader).isInstanceOf(CodecException.class);
        }
    }
}
