package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.UserProperty;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte vectors of the publish-stream record, and one test per malformed case. */
class PublishCodecTest {

    static final UUID MESSAGE_ID = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");

    /** 1 s + 2 µs after the epoch: 1,000,002 µs = 0x0F4242. */
    static final Instant RECEIVED_AT = Instant.ofEpochSecond(1, 2_000);

    /** QoS 1, RETAIN, no properties, payload "hi". */
    static final PublishEvent EVENT = new PublishEvent(MESSAGE_ID, "t", "c1", "n", "a/b", 1, true, RECEIVED_AT,
            MessageProperties.none(), Payload.utf8("hi"));

    /** The record of {@link #EVENT}. */
    static final byte[] RECORD = bytes(
            "01",                                   // format version 1
            "01",                                   // event type PUBLISH
            "00112233 44556677 8899aabb ccddeeff",  // message id: 16 bytes, most significant first
            "00000000 000f4242",                    // received-at: epoch microseconds, 8 bytes big-endian
            "05",                                   // flags: QoS 1 in bits 0-1, RETAIN in bit 2
            "01 74",                                // tenant: varint length 1, "t"
            "02 6331",                              // client id: length 2, "c1"
            "01 6e",                                // node id: length 1, "n"
            "03 612f62",                            // topic: length 3, "a/b"
            "00",                                   // property count 0
            "6869");                                // payload "hi": the rest of the record, no length prefix

    /** Offset of the flags byte: after version, type, message id and received-at. */
    private static final int FLAGS_OFFSET = 2 + 16 + 8;

    @Test
    void encodesEveryFieldInOrder() {
        assertThat(PublishCodec.encode(EVENT)).isEqualTo(RECORD);
    }

    @Test
    void decodesEveryFieldOfTheVector() {
        assertThat(PublishCodec.decode(RECORD)).isEqualTo(EVENT);
    }

    @Test
    void encodesMessagePropertiesWithTheirMqtt5Identifiers() {
        MessageProperties properties = new MessageProperties(OptionalInt.of(1), OptionalLong.of(300), "j", "r",
                Payload.wrap(new byte[] {(byte) 0xCA, (byte) 0xFE}), List.of(new UserProperty("k", "v")));
        PublishEvent event = new PublishEvent(MESSAGE_ID, "t", "c1", "n", "a/b", 0, false, RECEIVED_AT, properties,
                Payload.empty());

        assertThat(PublishCodec.encode(event)).isEqualTo(bytes(
                "01 01",                                // version 1, type PUBLISH
                "00112233 44556677 8899aabb ccddeeff",  // message id
                "00000000 000f4242",                    // received-at
                "00",                                   // flags: QoS 0, no RETAIN
                "01 74  02 6331  01 6e  03 612f62",     // tenant, client id, node id, topic
                "06",                                   // property count 6
                "01 01",                                // 0x01 payload format indicator = 1 (UTF-8)
                "02 ac02",                              // 0x02 message expiry interval = 300 as varint (0xAC 0x02)
                "03 01 6a",                             // 0x03 content type "j"
                "08 01 72",                             // 0x08 response topic "r"
                "09 02 cafe",                           // 0x09 correlation data, length-prefixed bytes
                "26 01 6b 01 76"));                     // 0x26 user property "k" = "v"; empty payload: no bytes
    }

    @Test
    void stringLengthsCountUtf8BytesNotCharacters() {
        PublishEvent event = new PublishEvent(MESSAGE_ID, "", "", "", "\u00e9/\ud83d\ude00", 0, false, RECEIVED_AT,
                MessageProperties.none(), Payload.empty());

        assertThat(PublishCodec.encode(event)).isEqualTo(bytes(
                "01 01",                                // version 1, type PUBLISH
                "00112233 44556677 8899aabb ccddeeff",  // message id
                "00000000 000f4242",                    // received-at
                "00",                                   // flags
                "00 00 00",                             // empty tenant, client id, node id
                "07 c3a9 2f f09f9880",                  // topic: 7 bytes, e-acute (2), '/', U+1F600 (4)
                "00"));                                 // no properties, empty payload
    }

    @Test
    void decodedPayloadIsAViewIntoTheRecord() {
        PublishEvent decoded = PublishCodec.decode(RECORD);

        assertThat(decoded.payload().array()).isSameAs(RECORD);
        assertThat(decoded.payload().offset()).isEqualTo(RECORD.length - 2);
        assertThat(decoded.payload().length()).isEqualTo(2);
    }

    @Test
    void decodedCorrelationDataIsAViewIntoTheRecord() {
        MessageProperties properties = new MessageProperties(OptionalInt.empty(), OptionalLong.empty(), null, null,
                Payload.utf8("corr"), List.of());
        byte[] record = PublishCodec.encode(new PublishEvent(MESSAGE_ID, "t", "c1", "n", "a/b", 0, false,
                RECEIVED_AT, properties, Payload.utf8("body")));

        Payload correlationData = PublishCodec.decode(record).properties().correlationData();

        assertThat(correlationData.array()).isSameAs(record);
        assertThat(correlationData.toUtf8()).isEqualTo("corr");
    }

    @Test
    void emptyPayloadDecodesAsEmpty() {
        PublishEvent event = new PublishEvent(MESSAGE_ID, "t", "c1", "n", "a/b", 0, false, RECEIVED_AT,
                MessageProperties.none(), Payload.empty());

        assertThat(PublishCodec.decode(PublishCodec.encode(event)).payload().isEmpty()).isTrue();
    }

    @Test
    void encodesASlicedPayloadWithoutItsNeighbours() {
        byte[] larger = {'x', 'h', 'i', 'y'};
        PublishEvent event = new PublishEvent(MESSAGE_ID, "t", "c1", "n", "a/b", 1, true, RECEIVED_AT,
                MessageProperties.none(), Payload.slice(larger, 1, 2));

        assertThat(PublishCodec.encode(event)).isEqualTo(RECORD);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 0x7F, 0xFF})
    void unknownFormatVersionIsRejected(int version) {
        byte[] record = RECORD.clone();
        record[0] = (byte) version;

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("format version " + version);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 0xFF})
    void unknownEventTypeIsRejected(int type) {
        byte[] record = RECORD.clone();
        record[1] = (byte) type;

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown event type " + type);
    }

    @Test
    void sessionRecordIsNotAPublish() {
        byte[] record = RECORD.clone();
        record[1] = (byte) EventType.SESSION.code();

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected a PUBLISH record but found SESSION");
    }

    @Test
    void qos3IsRejected() {
        byte[] record = RECORD.clone();
        record[FLAGS_OFFSET] = 0x03;

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("bad publish flags 3");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x08, 0x10, 0x80})
    void reservedFlagBitsAreRejected(int bit) {
        byte[] record = RECORD.clone();
        record[FLAGS_OFFSET] = (byte) (0x01 | bit);

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("bad publish flags");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "01 80",        // a lone continuation byte
        "02 c328",      // a lead byte followed by a non-continuation byte
        "01 c3",        // a two-byte sequence cut short by the field's length
        "02 c0af",      // an overlong encoding of '/'
        "03 eda080",    // an encoded UTF-16 surrogate (U+D800)
        "04 f4908080",  // a code point above U+10FFFF
    })
    void invalidUtf8InAStringFieldIsRejected(String tenantField) {
        byte[] record = bytes(
                "01 01",                                // version 1, type PUBLISH
                "00112233 44556677 8899aabb ccddeeff",  // message id
                "00000000 000f4242",                    // received-at
                "00",                                   // flags
                tenantField,                            // tenant: length, then bytes that are not UTF-8
                "00 00 00",                             // client id, node id, topic
                "00");                                  // no properties

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void unknownPropertyIdentifierIsRejected() {
        byte[] record = withProperties("01", "0b 05");  // one property: 0x0B (subscription identifier) = 5

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown message property 11");
    }

    @Test
    void repeatedContentTypeIsRejected() {
        byte[] record = withProperties("02", "03 01 61", "03 01 62");  // content type "a", then "b"

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("repeated");
    }

    @Test
    void repeatedMessageExpiryIntervalIsRejected() {
        byte[] record = withProperties("02", "02 01", "02 02");  // expiry 1, then expiry 2

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("repeated message expiry interval");
    }

    @Test
    void payloadFormatIndicatorAboveOneIsRejected() {
        byte[] record = withProperties("01", "01 02");  // payload format indicator 2 (MQTT 5 allows 0 or 1)

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("payload format indicator");
    }

    @Test
    void repeatedUserPropertiesKeepTheirOrder() {
        byte[] record = withProperties("02", "26 01 6b 01 31", "26 01 6b 01 32");  // k=1, then k=2

        assertThat(PublishCodec.decode(record).properties().userProperties())
                .containsExactly(new UserProperty("k", "1"), new UserProperty("k", "2"));
    }

    @Test
    void propertyCountLargerThanTheRecordIsRejected() {
        byte[] record = withProperties("05", "01 01");  // claims 5 properties, holds 1

        assertThatThrownBy(() -> PublishCodec.decode(record)).isInstanceOf(CodecException.class);
    }

    /** A publish record of {@link #EVENT}'s fields with the given property count and entries, empty payload. */
    private static byte[] withProperties(String count, String... entries) {
        byte[] head = bytes(
                "01 01",                                // version 1, type PUBLISH
                "00112233 44556677 8899aabb ccddeeff",  // message id
                "00000000 000f4242",                    // received-at
                "05",                                   // flags
                "01 74  02 6331  01 6e  03 612f62",     // tenant, client id, node id, topic
                count);                                 // property count
        return Hex.concat(head, bytes(entries));
    }
}
