package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.Subscription;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte vectors of the delivery-stream record, and one test per malformed case. */
class DeliveryCodecTest {

    static final List<Recipient> RECIPIENTS = List.of(new Recipient("a", 1, false), new Recipient("b", 2, true));

    /** Two recipients on node "n" for {@link PublishCodecTest#EVENT}: a live delivery with no known source. */
    static final DeliveryEvent EVENT = new DeliveryEvent("n", RECIPIENTS, PublishCodecTest.EVENT);

    /** The delivery header and recipients of {@link #EVENT}; the publish record follows them. */
    static final byte[] HEAD = bytes(
            "01",       // format version 1
            "03",       // event type DELIVERY
            "01 6e",    // node id: varint length 1, "n"
            "00",       // kind: LIVE (ordinal 0)
            "00",       // source: partition + 1 = 0, no source, so no offset follows
            "02",       // recipient count 2
            "01 61",    // client id "a"
            "01",       // options: QoS 1
            "00",       // no subscription identifiers
            "00",       // no shared subscriptions
            "01 62",    // client id "b"
            "0a",       // options: QoS 2 (0x02) | retain-as-published (0x08)
            "00",       // no subscription identifiers
            "00");      // no shared subscriptions

    /** The record of {@link #EVENT}: the head, then the publish record byte for byte. */
    static final byte[] RECORD = Hex.concat(HEAD, PublishCodecTest.RECORD);

    /** Offset of the kind byte: after version, type and node id "n". */
    private static final int KIND_OFFSET = 2 + 2;

    /** Offset of the options byte of recipient "b" in {@link #RECORD}: before its two empty counts. */
    private static final int LAST_OPTIONS_OFFSET = HEAD.length - 3;

    /**
     * A retained delivery from partition 5 at offset 300, to one recipient whose matching subscriptions carry the
     * smallest and the largest Subscription Identifier.
     */
    static final DeliveryEvent RETAINED_EVENT = new DeliveryEvent("n",
            List.of(new Recipient("a", 1, false, List.of(1, Subscription.MAX_SUBSCRIPTION_ID))),
            PublishCodecTest.EVENT, DeliveryKind.RETAINED, new DeliverySource(5, 300));

    /** The head of {@link #RETAINED_EVENT}. */
    static final byte[] RETAINED_HEAD = bytes(
            "01 03",        // version 1, type DELIVERY
            "01 6e",        // node id "n"
            "01",           // kind: RETAINED (ordinal 1)
            "06",           // source: partition 5, written plus one
            "ac 02",        // source offset 300 as varint: 0x2C | 0x80, then 300 >> 7 = 2
            "01",           // recipient count 1
            "01 61",        // client id "a"
            "01",           // options: QoS 1
            "02",           // subscription identifier count 2
            "01",           // identifier 1
            "ff ff ff 7f",  // identifier 268,435,455 = 2^28 - 1: four bytes of seven one-bits
            "00");          // no shared subscriptions

    /** The record of {@link #RETAINED_EVENT}. */
    static final byte[] RETAINED_RECORD = Hex.concat(RETAINED_HEAD, PublishCodecTest.RECORD);

    /**
     * A live delivery to one recipient chosen through two shared subscriptions, one of them also carrying a
     * Subscription Identifier, the other with a group name beyond ASCII.
     */
    static final DeliveryEvent SHARED_EVENT = new DeliveryEvent("n",
            List.of(new Recipient("a", 1, false, List.of(5), List.of("$share/g/a/b", "$share/\u00e9/#"))),
            PublishCodecTest.EVENT);

    /** The head of {@link #SHARED_EVENT}. */
    static final byte[] SHARED_HEAD = bytes(
            "01 03",        // version 1, type DELIVERY
            "01 6e",        // node id "n"
            "00",           // kind: LIVE
            "00",           // source: none
            "01",           // recipient count 1
            "01 61",        // client id "a"
            "01",           // options: QoS 1
            "01",           // subscription identifier count 1
            "05",           // identifier 5
            "02",           // shared subscription count 2
            "0c",           // varint length 12
            "24 73 68 61 72 65 2f 67 2f 61 2f 62",  // "$share/g/a/b"
            "0b",           // varint length 11: "é" is two bytes in UTF-8
            "24 73 68 61 72 65 2f c3a9 2f 23");     // "$share/é/#"

    /** The record of {@link #SHARED_EVENT}. */
    static final byte[] SHARED_RECORD = Hex.concat(SHARED_HEAD, PublishCodecTest.RECORD);

    @Test
    void encodesEveryFieldInOrder() {
        assertThat(DeliveryCodec.encode(EVENT)).isEqualTo(RECORD);
    }

    @Test
    void decodesEveryFieldOfTheVector() {
        assertThat(DeliveryCodec.decode(RECORD)).isEqualTo(EVENT);
    }

    @Test
    void encodesARetainedDeliveryWithASourceAndSubscriptionIdentifiers() {
        assertThat(DeliveryCodec.encode(RETAINED_EVENT)).isEqualTo(RETAINED_RECORD);
    }

    @Test
    void decodesARetainedDeliveryWithASourceAndSubscriptionIdentifiers() {
        DeliveryEvent decoded = DeliveryCodec.decode(RETAINED_RECORD);

        assertThat(decoded).isEqualTo(RETAINED_EVENT);
        assertThat(decoded.kind()).isEqualTo(DeliveryKind.RETAINED);
        assertThat(decoded.source()).isEqualTo(new DeliverySource(5, 300));
        assertThat(decoded.recipients().getFirst().subscriptionIds()).containsExactly(1, 268_435_455);
    }

    @Test
    void encodesTheEnvelopeBeforeTheRecipients() {
        byte[] record = DeliveryCodec.encode(
                new DeliveryCodec.Envelope("n", DeliveryKind.RETAINED, new DeliverySource(5, 300)),
                RETAINED_EVENT.recipients(), PublishCodecTest.RECORD);

        assertThat(record).isEqualTo(RETAINED_RECORD);
    }

    @Test
    void encodesALiveDeliveryWithAKnownSource() {
        DeliveryEvent event = new DeliveryEvent("n", List.of(), PublishCodecTest.EVENT, DeliveryKind.LIVE,
                new DeliverySource(0, 0));

        assertThat(DeliveryCodec.encode(event)).isEqualTo(Hex.concat(bytes(
                "01 03",    // version 1, type DELIVERY
                "01 6e",    // node id "n"
                "00",       // kind: LIVE
                "01",       // source: partition 0, written plus one
                "00",       // source offset 0
                "00"),      // no recipients
                PublishCodecTest.RECORD));
    }

    @Test
    void encodesARetainedDeliveryWithoutASource() {
        DeliveryEvent event = new DeliveryEvent("n", List.of(), PublishCodecTest.EVENT, DeliveryKind.RETAINED,
                DeliverySource.none());

        assertThat(DeliveryCodec.encode(event)).isEqualTo(Hex.concat(bytes(
                "01 03",    // version 1, type DELIVERY
                "01 6e",    // node id "n"
                "01",       // kind: RETAINED
                "00",       // source: none, and no offset
                "00"),      // no recipients
                PublishCodecTest.RECORD));
    }

    @Test
    void encodesARequeuedDeliveryOfOneRecipient() {
        // A session-queue value: one recipient, sent again with DUP 1 when the session connects.
        DeliveryEvent event = new DeliveryEvent("n", List.of(new Recipient("a", 1, false)), PublishCodecTest.EVENT,
                DeliveryKind.REQUEUED, new DeliverySource(0, 7));
        byte[] expected = Hex.concat(bytes(
                "01 03",    // version 1, type DELIVERY
                "01 6e",    // node id "n"
                "02",       // kind: REQUEUED (ordinal 2)
                "01",       // source: partition 0, written plus one
                "07",       // source offset 7
                "01",       // recipient count 1
                "01 61",    // client id "a"
                "01",       // options: QoS 1
                "00",       // no subscription identifiers
                "00"),      // no shared subscriptions
                PublishCodecTest.RECORD);

        assertThat(DeliveryCodec.encode(event)).isEqualTo(expected);
        assertThat(DeliveryCodec.decode(expected)).isEqualTo(event);
    }

    @ParameterizedTest(name = "partition {0}, offset {1} is written as {2}")
    @CsvSource({
        "-1,          -1,                   00",
        "0,           0,                    01 00",
        "5,           300,                  06 ac02",
        "126,         127,                  7f 7f",
        "127,         128,                  8001 8001",
        "2147483646,  0,                    ffffffff07 00",
        "0,           9223372036854775806,  01 feffffffffffffff7f",
    })
    void sourceIsWrittenAsPartitionPlusOneThenTheOffset(int partition, long offset, String source) {
        DeliveryEvent event = new DeliveryEvent("", List.of(), PublishCodecTest.EVENT, DeliveryKind.LIVE,
                new DeliverySource(partition, offset));
        byte[] expected = Hex.concat(bytes(
                "01 03",    // version 1, type DELIVERY
                "00",       // empty node id
                "00",       // kind: LIVE
                source,     // partition + 1, then the offset when the partition is known
                "00"),      // no recipients
                PublishCodecTest.RECORD);

        assertThat(DeliveryCodec.encode(event)).isEqualTo(expected);
        assertThat(DeliveryCodec.decode(expected)).isEqualTo(event);
    }

    /** Every source the record type accepts survives the codec, up to the largest partition and offset. */
    @ParameterizedTest(name = "partition {0}, offset {1}")
    @CsvSource({
        "2147483647,  0",
        "0,           9223372036854775807",
    })
    void everyConstructibleSourceRoundTrips(int partition, long offset) {
        DeliveryEvent event = new DeliveryEvent("", List.of(), PublishCodecTest.EVENT, DeliveryKind.LIVE,
                new DeliverySource(partition, offset));

        assertThat(DeliveryCodec.decode(DeliveryCodec.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest(name = "subscription identifier {0} is written as {1}")
    @CsvSource({
        "1,           01",
        "127,         7f",
        "128,         80 01",
        "16383,       ff 7f",
        "16384,       80 80 01",
        "2097151,     ff ff 7f",
        "2097152,     80 80 80 01",
        "268435455,   ff ff ff 7f",
    })
    void subscriptionIdentifierIsWrittenAsLeb128(int subscriptionId, String varint) {
        DeliveryEvent event = new DeliveryEvent("", List.of(new Recipient("", 0, false, List.of(subscriptionId))),
                PublishCodecTest.EVENT);
        byte[] expected = Hex.concat(bytes(
                "01 03",    // version 1, type DELIVERY
                "00",       // empty node id
                "00 00",    // kind LIVE, no source
                "01",       // one recipient
                "00",       // empty client id
                "00",       // options: QoS 0
                "01",       // one subscription identifier
                varint,     // its value
                "00"),      // no shared subscriptions
                PublishCodecTest.RECORD);

        assertThat(DeliveryCodec.encode(event)).isEqualTo(expected);
        assertThat(DeliveryCodec.decode(expected)).isEqualTo(event);
    }

    @Test
    void subscriptionIdentifiersKeepTheirOrderAndRepeats() {
        // Two subscriptions may share an identifier; the PUBLISH then carries it as the subscriptions did.
        DeliveryEvent event = new DeliveryEvent("n",
                List.of(new Recipient("a", 0, false, List.of(7, 3, 7))), PublishCodecTest.EVENT);

        assertThat(DeliveryCodec.decode(DeliveryCodec.encode(event)).recipients().getFirst().subscriptionIds())
                .containsExactly(7, 3, 7);
    }

    @Test
    void encodesTheSharedSubscriptionsAfterTheSubscriptionIdentifiers() {
        assertThat(DeliveryCodec.encode(SHARED_EVENT)).isEqualTo(SHARED_RECORD);
    }

    @Test
    void decodesTheSharedSubscriptionsOfTheVector() {
        DeliveryEvent decoded = DeliveryCodec.decode(SHARED_RECORD);

        assertThat(decoded).isEqualTo(SHARED_EVENT);
        assertThat(decoded.recipients().getFirst().sharedSubscriptions())
                .containsExactly("$share/g/a/b", "$share/\u00e9/#");
        assertThat(decoded.recipients().getFirst().subscriptionIds()).containsExactly(5);
    }

    @Test
    void sharedSubscriptionsKeepTheirOrderAndRepeats() {
        DeliveryEvent event = new DeliveryEvent("n", List.of(
                new Recipient("a", 0, false, List.of(), List.of("$share/z/t", "$share/a/t", "$share/z/t")),
                new Recipient("b", 2, true)), PublishCodecTest.EVENT);

        DeliveryEvent decoded = DeliveryCodec.decode(DeliveryCodec.encode(event));

        assertThat(decoded.recipients().getFirst().sharedSubscriptions())
                .containsExactly("$share/z/t", "$share/a/t", "$share/z/t");
        assertThat(decoded.recipients().getLast().sharedSubscriptions()).isEmpty();
    }

    @Test
    void embedsThePublishRecordAsItsSuffix() {
        byte[] publishRecord = PublishCodec.encode(PublishCodecTest.EVENT);

        byte[] record = DeliveryCodec.encode("n", RECIPIENTS, publishRecord);

        assertThat(Arrays.copyOfRange(record, record.length - publishRecord.length, record.length))
                .isEqualTo(publishRecord);
    }

    @Test
    void encodingFromTheRecordEqualsEncodingFromTheEvent() {
        byte[] publishRecord = PublishCodec.encode(PublishCodecTest.EVENT);

        assertThat(DeliveryCodec.encode("n", RECIPIENTS, publishRecord)).isEqualTo(DeliveryCodec.encode(EVENT));
        assertThat(DeliveryCodec.encode(new DeliveryCodec.Envelope("n", DeliveryKind.RETAINED,
                new DeliverySource(5, 300)), RETAINED_EVENT.recipients(), publishRecord))
                .isEqualTo(DeliveryCodec.encode(RETAINED_EVENT));
    }

    @Test
    void theEncoderWithoutAnEnvelopeWritesALiveDeliveryWithoutASource() {
        byte[] record = DeliveryCodec.encode("n", RECIPIENTS, PublishCodecTest.RECORD);

        assertThat(record).isEqualTo(DeliveryCodec.encode(
                new DeliveryCodec.Envelope("n", DeliveryKind.LIVE, DeliverySource.none()), RECIPIENTS,
                PublishCodecTest.RECORD));
        assertThat(DeliveryCodec.decode(record).kind()).isEqualTo(DeliveryKind.LIVE);
        assertThat(DeliveryCodec.decode(record).source()).isEqualTo(DeliverySource.none());
    }

    @Test
    void decodedPayloadIsAViewIntoTheDeliveryRecord() {
        PublishEvent publish = DeliveryCodec.decode(RECORD).publish();

        assertThat(publish.payload().array()).isSameAs(RECORD);
        assertThat(publish.payload().offset()).isEqualTo(RECORD.length - 2);
        assertThat(publish.payload().toUtf8()).isEqualTo("hi");
    }

    @Test
    void encodesADeliveryWithoutRecipients() {
        byte[] record = DeliveryCodec.encode("n", List.of(), PublishCodecTest.RECORD);

        assertThat(record).isEqualTo(Hex.concat(bytes(
                "01 03",    // version 1, type DELIVERY
                "01 6e",    // node id "n"
                "00",       // kind: LIVE
                "00",       // source: none
                "00"),      // no recipients
                PublishCodecTest.RECORD));
    }

    @ParameterizedTest
    @ValueSource(ints = {
        0x03,   // QoS 3
        0x04,   // bit 2 is not a recipient option
        0x10,   // reserved bit 4
        0x80,   // reserved bit 7
    })
    void badRecipientOptionsAreRejected(int options) {
        byte[] record = RECORD.clone();
        record[LAST_OPTIONS_OFFSET] = (byte) options;

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("bad recipient options " + options);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 0x7f, 0x80, 0xff})
    void unknownDeliveryKindIsRejected(int kind) {
        byte[] record = RECORD.clone();
        record[KIND_OFFSET] = (byte) kind;

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown delivery kind " + kind);
    }

    @ParameterizedTest(name = "partition + 1 written as {0}")
    @CsvSource({
        "81 80 80 80 08,                2147483648",            // 2^31 + 1: partition 2^31, one past int
        "ff ff ff ff 0f,                4294967294",            // 2^32 - 1
        "ff ff ff ff ff ff ff ff 7f,    9223372036854775806",   // Long.MAX_VALUE
    })
    void sourcePartitionOutsideIntIsRejected(String partitionPlusOne, String partition) {
        byte[] record = Hex.concat(bytes(
                "01 03",            // version 1, type DELIVERY
                "00",               // empty node id
                "00",               // kind: LIVE
                partitionPlusOne,   // source partition + 1, beyond any int partition
                "00",               // source offset 0
                "00"),              // no recipients
                PublishCodecTest.RECORD);

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("delivery source partition out of range: " + partition);
    }

    @Test
    void knownSourceWithoutItsOffsetIsRejected() {
        byte[] record = bytes(
                "01 03",    // version 1, type DELIVERY
                "00",       // empty node id
                "00",       // kind: LIVE
                "06");      // source partition 5, and the record ends before its offset

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest(name = "subscription identifier written as {0}")
    @CsvSource({
        "00,                            0",                     // 0 means none in a subscription, never here
        "80 80 80 80 01,                268435456",             // 2^28: one past the largest identifier
        "ff ff ff ff 07,                2147483647",            // Integer.MAX_VALUE
        "80 80 80 80 08,                2147483648",            // 2^31: negative if narrowed before the check
        "ff ff ff ff ff ff ff ff 7f,    9223372036854775807",   // Long.MAX_VALUE
    })
    void recipientSubscriptionIdentifierOutOfRangeIsRejected(String varint, String value) {
        byte[] record = Hex.concat(bytes(
                "01 03",    // version 1, type DELIVERY
                "00",       // empty node id
                "00 00",    // kind LIVE, no source
                "01",       // one recipient
                "01 61",    // client id "a"
                "01",       // options: QoS 1
                "02",       // two subscription identifiers
                "01",       // identifier 1, valid
                varint,     // an identifier out of range
                "00"),      // no shared subscriptions
                PublishCodecTest.RECORD);

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("subscription identifier out of range: " + value);
    }

    @Test
    void subscriptionIdentifierCountBeyondTheRecordIsRejected() {
        byte[] record = bytes(
                "01 03",            // version 1, type DELIVERY
                "00",               // empty node id
                "00 00",            // kind LIVE, no source
                "01",               // one recipient
                "01 61",            // client id "a"
                "01",               // options: QoS 1
                "ff ff ff ff 07");  // 2^31 - 1 subscription identifiers, none present

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void sharedSubscriptionCountBeyondTheRecordIsRejected() {
        byte[] record = Hex.concat(bytes(
                "01 03",        // version 1, type DELIVERY
                "00",           // empty node id
                "00 00",        // kind LIVE, no source
                "01",           // one recipient
                "01 61",        // client id "a"
                "01",           // options: QoS 1
                "00",           // no subscription identifiers
                "ff ff ff ff 07"),  // 2^31 - 1 shared subscriptions, more than the bytes left
                PublishCodecTest.RECORD);

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("length 2147483647 exceeds");
    }

    @Test
    void sharedSubscriptionCountLargerThanItsStringsIsRejected() {
        byte[] record = bytes(
                "01 03",        // version 1, type DELIVERY
                "00",           // empty node id
                "00 00",        // kind LIVE, no source
                "01",           // one recipient
                "01 61",        // client id "a"
                "01",           // options: QoS 1
                "00",           // no subscription identifiers
                "02",           // two shared subscriptions, which fits in the 2 bytes left
                "01 24");       // the first one, "$"; the record ends before the second

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void sharedSubscriptionLengthBeyondTheRecordIsRejected() {
        byte[] record = bytes(
                "01 03",        // version 1, type DELIVERY
                "00",           // empty node id
                "00 00",        // kind LIVE, no source
                "01",           // one recipient
                "01 61",        // client id "a"
                "01",           // options: QoS 1
                "00",           // no subscription identifiers
                "01",           // one shared subscription
                "7f",           // of 127 bytes
                "24 73 68");    // but only "$sh" is left

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("length 127 exceeds the 3 bytes left");
    }

    @ParameterizedTest(name = "shared subscription bytes {0}")
    @ValueSource(strings = {
        "24 ff",        // 0xFF never occurs in UTF-8
        "24 c3 28",     // a lead byte followed by a non-continuation byte
        "24 c0 a4",     // "$" + overlong two-byte "$"
        "24 ed a0 80",  // an encoded surrogate (U+D800)
        "24 e2 82",     // a three-byte sequence cut short by the end of the field
    })
    void sharedSubscriptionThatIsNotUtf8IsRejected(String utf8) {
        byte[] field = bytes(utf8);
        byte[] record = Hex.concat(bytes(
                "01 03",        // version 1, type DELIVERY
                "00",           // empty node id
                "00 00",        // kind LIVE, no source
                "01",           // one recipient
                "01 61",        // client id "a"
                "01",           // options: QoS 1
                "00",           // no subscription identifiers
                "01",           // one shared subscription
                HexFormat.of().toHexDigits((byte) field.length), // its length
                utf8),          // its bytes, not UTF-8
                PublishCodecTest.RECORD);

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void recipientWithoutItsSharedSubscriptionCountIsRejected() {
        // The layout before shared subscriptions: the embedded publish record's first bytes are read as the
        // count and a string, and what is left is not a publish record.
        byte[] record = Hex.concat(bytes(
                "01 03",        // version 1, type DELIVERY
                "00",           // empty node id
                "00 00",        // kind LIVE, no source
                "01",           // one recipient
                "01 61",        // client id "a"
                "01",           // options: QoS 1
                "00"),          // no subscription identifiers, and no shared subscription count
                PublishCodecTest.RECORD);

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void embeddedRecordMustBeAPublish() {
        byte[] record = Hex.concat(HEAD, SessionCodecTest.RECORD);

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected a PUBLISH record but found SESSION");
    }

    @Test
    void embeddedRecordOfAnUnknownVersionIsRejected() {
        byte[] record = RECORD.clone();
        record[HEAD.length] = 2;

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("format version 2");
    }

    @Test
    void publishRecordIsNotADelivery() {
        assertThatThrownBy(() -> DeliveryCodec.decode(PublishCodecTest.RECORD))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected a DELIVERY record but found PUBLISH");
    }

    @Test
    void deliveryWithoutAnEmbeddedRecordIsRejected() {
        assertThatThrownBy(() -> DeliveryCodec.decode(HEAD))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> DeliveryCodec.decode(RETAINED_HEAD))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> DeliveryCodec.decode(SHARED_HEAD))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }
}
