package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The variable-length integers of lengths, counts, the message expiry interval, delivery sources and Subscription
 * Identifiers: unsigned LEB128, seven bits a byte, low bits first, at most nine bytes (63 bits, every non-negative
 * long), always in the shortest form.
 */
class VarintLimitsTest {

    /** A publish record with empty strings, up to the property list. */
    private static final String[] PREFIX = {
        "01 01",                                // version 1, type PUBLISH
        "00000000 00000000 00000000 00000000",  // message id 0
        "00000000 00000000",                    // received-at: the epoch
        "00",                                   // flags
        "00 00 00 00",                          // empty tenant, client id, node id, topic
    };

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource({
        "0,                   00",
        "1,                   01",
        "127,                 7f",
        "128,                 80 01",
        "300,                 ac 02",
        "16383,               ff 7f",
        "16384,               80 80 01",
        "4294967295,          ff ff ff ff 0f",
    })
    void expiryIntervalIsWrittenAsLeb128(long value, String varint) {
        byte[] expected = Hex.concat(bytes(PREFIX), bytes(
                "01",       // one property
                "02",       // message expiry interval
                varint));   // its value; the payload is empty

        assertThat(PublishCodec.encode(withExpiry(value))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 127, 128, 16_384, 4_294_967_295L})
    void expiryIntervalRoundTrips(long value) {
        PublishEvent event = withExpiry(value);

        assertThat(PublishCodec.decode(PublishCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void varintOfTenBytesIsRejected() {
        byte[] record = Hex.concat(bytes(PREFIX), bytes(
                "01 02",                            // one property: message expiry interval
                "ff ff ff ff ff ff ff ff ff 01"));  // ten bytes: the ninth still has its continuation bit

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("longer than 9 bytes");
    }

    @Test
    void varintCutShortByTheEndOfTheRecordIsRejected() {
        byte[] record = Hex.concat(bytes(PREFIX), bytes(
                "01 02",    // one property: message expiry interval
                "80"));     // a continuation bit and nothing after it

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest(name = "tenant length {0}")
    @ValueSource(strings = {
        "05",                           // 5, with 4 bytes left
        "ff ff ff ff 07",               // 2^31 - 1, the largest int
        "80 80 80 80 08",               // 2^31, negative if narrowed to int before the check
        "ff ff ff ff ff ff ff ff 7f",   // Long.MAX_VALUE
    })
    void lengthBeyondTheRecordIsRejected(String length) {
        byte[] record = bytes(
                "01 01",                                // version 1, type PUBLISH
                "00000000 00000000 00000000 00000000",  // message id
                "00000000 00000000",                    // received-at
                "00",                                   // flags
                length,                                 // tenant length, larger than what follows
                "74 00 00 00");                         // four more bytes

        assertThatThrownBy(() -> PublishCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void subscriptionCountBeyondTheRecordIsRejected() {
        byte[] record = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch
                "00",                   // CONNECTED
                "ff ff ff ff 07");      // 2^31 - 1 subscriptions, none present

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void retainedRequestCountBeyondTheRecordIsRejected() {
        byte[] record = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch
                "00",                   // CONNECTED
                "00",                   // no subscriptions
                "80 80 80 80 08");      // 2^31 retained requests, none present

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void recipientCountBeyondTheRecordIsRejected() {
        byte[] record = bytes(
                "01 03",                // version 1, type DELIVERY
                "00",                   // empty node id
                "00",                   // kind: LIVE
                "00",                   // source: none
                "80 80 80 80 08");      // 2^31 recipients, none present

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void subscriptionIdentifierCountBeyondTheRecordIsRejected() {
        byte[] record = bytes(
                "01 03",                // version 1, type DELIVERY
                "00",                   // empty node id
                "00 00",                // kind LIVE, no source
                "01",                   // one recipient
                "00",                   // empty client id
                "00",                   // options: QoS 0
                "80 80 80 80 08");      // 2^31 subscription identifiers, none present

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void sharedSubscriptionCountBeyondTheRecordIsRejected() {
        byte[] record = bytes(
                "01 03",                // version 1, type DELIVERY
                "00",                   // empty node id
                "00 00",                // kind LIVE, no source
                "01",                   // one recipient
                "00",                   // empty client id
                "00",                   // options: QoS 0
                "00",                   // no subscription identifiers
                "80 80 80 80 08");      // 2^31 shared subscriptions, none present

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void sharedSubscriptionCountNotInItsShortestFormIsRejected() {
        byte[] record = Hex.concat(bytes(
                "01 03",    // version 1, type DELIVERY
                "00",       // empty node id
                "00 00",    // kind LIVE, no source
                "01",       // one recipient
                "00",       // empty client id
                "00",       // options: QoS 0
                "00",       // no subscription identifiers
                "80 00"),   // no shared subscriptions, written in two bytes
                PublishCodecTest.RECORD);

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("shortest form");
    }

    @Test
    void sourceOffsetOfTenBytesIsRejected() {
        byte[] record = bytes(
                "01 03",                            // version 1, type DELIVERY
                "00",                               // empty node id
                "00",                               // kind: LIVE
                "01",                               // source partition 0
                "ff ff ff ff ff ff ff ff ff 01");   // offset: the ninth byte still has its continuation bit

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("longer than 9 bytes");
    }

    @Test
    void sourcePartitionNotInItsShortestFormIsRejected() {
        byte[] record = bytes(
                "01 03",    // version 1, type DELIVERY
                "00",       // empty node id
                "00",       // kind: LIVE
                "80 00",    // source "none" (0) written in two bytes
                "00");      // no recipients

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("shortest form");
    }

    @Test
    void subscriptionIdentifierNotInItsShortestFormIsRejected() {
        byte[] record = Hex.concat(bytes(
                "01 03",    // version 1, type DELIVERY
                "00",       // empty node id
                "00 00",    // kind LIVE, no source
                "01",       // one recipient
                "00",       // empty client id
                "00",       // options: QoS 0
                "01",       // one subscription identifier
                "81 00",    // 1 written in two bytes
                "00"),      // no shared subscriptions
                PublishCodecTest.RECORD);

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("shortest form");
    }

    private static PublishEvent withExpiry(long seconds) {
        MessageProperties properties = new MessageProperties(OptionalInt.empty(), OptionalLong.of(seconds), null,
                null, null, List.of());
        return new PublishEvent(new UUID(0, 0), "", "", "", "", 0, false, Instant.EPOCH, properties,
                Payload.empty());
    }
}
