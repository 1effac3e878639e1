package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte vectors of the session-stream record, and one test per malformed case. */
class SessionCodecTest {

    /** A connected session with a 3.1.1-style subscription and one using every MQTT 5 option but an identifier. */
    static final SessionEvent EVENT = new SessionEvent("t", "c", "n", 0x0102030405060708L, SessionState.CONNECTED,
            List.of(Subscription.of("a/+", 1), new Subscription("#", 2, true, true, 2)));

    /** The record of {@link #EVENT}. */
    static final byte[] RECORD = bytes(
            "01",                   // format version 1
            "02",                   // event type SESSION
            "01 74",                // tenant: varint length 1, "t"
            "01 63",                // client id: "c"
            "01 6e",                // node id: "n"
            "01020304 05060708",    // node epoch: 8 bytes big-endian
            "00",                   // state: CONNECTED
            "02",                   // subscription count 2
            "03 612f2b",            // filter "a/+"
            "01",                   // options: QoS 1, nothing else
            "00",                   // subscription identifier: 0, none
            "01 23",                // filter "#"
            "2e",                   // options: QoS 2 (0x02) | no-local (0x04) | retain-as-published (0x08)
                                    //          | retain handling 2 in bits 4-5 (0x20)
            "00",                   // subscription identifier: 0, none
            "00");                  // retained request count 0

    /**
     * The session after a SUBSCRIBE that added "a/+" with Subscription Identifier 1 and retain handling 0 (send
     * retained messages always), while "#" with the largest identifier and retain handling 1 (only if new)
     * already existed: so only "a/+" asks for its retained messages.
     */
    static final SessionEvent SUBSCRIBED_EVENT = new SessionEvent("t", "c", "n", 1, SessionState.CONNECTED,
            List.of(new Subscription("a/+", 1, false, false, 0, 1),
                    new Subscription("#", 0, false, false, 1, Subscription.MAX_SUBSCRIPTION_ID)),
            List.of("a/+"));

    /** The record of {@link #SUBSCRIBED_EVENT}. */
    static final byte[] SUBSCRIBED_RECORD = bytes(
            "01 02",                // version 1, type SESSION
            "01 74  01 63  01 6e",  // tenant "t", client id "c", node id "n"
            "00000000 00000001",    // node epoch 1
            "00",                   // state: CONNECTED
            "02",                   // subscription count 2
            "03 612f2b",            // filter "a/+"
            "01",                   // options: QoS 1, retain handling 0
            "01",                   // subscription identifier 1
            "01 23",                // filter "#"
            "10",                   // options: QoS 0, retain handling 1 in bits 4-5 (0x10)
            "ff ff ff 7f",          // subscription identifier 268,435,455 = 2^28 - 1, four varint bytes
            "01",                   // retained request count 1
            "03 612f2b");           // retained request: filter "a/+"

    /** Offset of the state byte. */
    private static final int STATE_OFFSET = 2 + 2 + 2 + 2 + 8;

    /** Offset of the options byte of the second subscription ("#") in {@link #RECORD}. */
    private static final int LAST_OPTIONS_OFFSET = 2 + 2 + 2 + 2 + 8 + 1 + 1 + 4 + 1 + 1 + 2;

    @Test
    void encodesEveryFieldInOrder() {
        assertThat(SessionCodec.encode(EVENT)).isEqualTo(RECORD);
    }

    @Test
    void decodesEveryFieldOfTheVector() {
        assertThat(SessionCodec.decode(RECORD)).isEqualTo(EVENT);
    }

    @Test
    void encodesSubscriptionIdentifiersAndRetainedRequests() {
        assertThat(SessionCodec.encode(SUBSCRIBED_EVENT)).isEqualTo(SUBSCRIBED_RECORD);
    }

    @Test
    void decodesSubscriptionIdentifiersAndRetainedRequests() {
        SessionEvent decoded = SessionCodec.decode(SUBSCRIBED_RECORD);

        assertThat(decoded).isEqualTo(SUBSCRIBED_EVENT);
        assertThat(decoded.subscriptions()).extracting(Subscription::subscriptionId)
                .containsExactly(1, 268_435_455);
        assertThat(decoded.retainedRequests()).containsExactly("a/+");
    }

    @Test
    void retainedRequestsKeepTheirOrder() {
        SessionEvent event = new SessionEvent("t", "c", "n", 1, SessionState.CONNECTED,
                List.of(Subscription.of("b", 0), Subscription.of("a", 0)), List.of("b", "a"));

        assertThat(SessionCodec.decode(SessionCodec.encode(event)).retainedRequests()).containsExactly("b", "a");
    }

    @Test
    void encodesAnEndedSessionWithoutSubscriptions() {
        SessionEvent ended = new SessionEvent("t", "c", "n", 1, SessionState.ENDED, List.of());

        assertThat(SessionCodec.encode(ended)).isEqualTo(bytes(
                "01 02",                // version 1, type SESSION
                "01 74  01 63  01 6e",  // tenant "t", client id "c", node id "n"
                "00000000 00000001",    // node epoch 1
                "01",                   // state: ENDED
                "00",                   // no subscriptions
                "00"));                 // no retained requests
    }

    @ParameterizedTest(name = "subscription identifier {0} is written as {1}")
    @CsvSource({
        "0,           00",
        "1,           01",
        "127,         7f",
        "128,         80 01",
        "16384,       80 80 01",
        "2097152,     80 80 80 01",
        "268435455,   ff ff ff 7f",
    })
    void subscriptionIdentifierIsWrittenAsLeb128AfterTheOptions(int subscriptionId, String varint) {
        SessionEvent event = new SessionEvent("", "", "", 0, SessionState.CONNECTED,
                List.of(new Subscription("", 0, false, false, 0, subscriptionId)));
        byte[] expected = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch 0
                "00",                   // CONNECTED
                "01",                   // one subscription
                "00",                   // empty filter
                "00",                   // options: QoS 0, retain handling 0
                varint,                 // its subscription identifier
                "00");                  // no retained requests

        assertThat(SessionCodec.encode(event)).isEqualTo(expected);
        assertThat(SessionCodec.decode(expected)).isEqualTo(event);
    }

    @ParameterizedTest(name = "subscription identifier written as {0}")
    @CsvSource({
        "80 80 80 80 01,                268435456",             // 2^28: one past the largest identifier
        "ff ff ff ff 07,                2147483647",            // Integer.MAX_VALUE
        "80 80 80 80 08,                2147483648",            // 2^31: negative if narrowed before the check
        "ff ff ff ff ff ff ff ff 7f,    9223372036854775807",   // Long.MAX_VALUE
    })
    void subscriptionIdentifierAboveTheMaximumIsRejected(String varint, String value) {
        byte[] record = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch 0
                "00",                   // CONNECTED
                "01",                   // one subscription
                "01 23",                // filter "#"
                "00",                   // options: QoS 0
                varint,                 // subscription identifier out of range
                "00");                  // no retained requests

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("subscription identifier out of range: " + value);
    }

    @Test
    void subscriptionWithoutItsIdentifierIsRejected() {
        byte[] record = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch 0
                "00",                   // CONNECTED
                "01",                   // one subscription
                "01 23",                // filter "#"
                "00");                  // options, and the record ends before the identifier

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void sessionWithoutItsRetainedRequestCountIsRejected() {
        // The layout before retained requests: a record ending after the subscriptions is now truncated.
        byte[] record = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch 0
                "01",                   // ENDED
                "00");                  // no subscriptions, and no retained request count

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void fewerRetainedRequestsThanTheirCountAreRejected() {
        byte[] record = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch 0
                "00",                   // CONNECTED
                "00",                   // no subscriptions
                "02",                   // two retained requests
                "01 23");               // only one present: filter "#"

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void invalidUtf8InARetainedRequestIsRejected() {
        byte[] record = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch 0
                "00",                   // CONNECTED
                "00",                   // no subscriptions
                "01",                   // one retained request
                "02 c328");             // filter: 0xC3 0x28 is not UTF-8

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] record = Hex.concat(RECORD, bytes("00"));

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("1 unexpected bytes");
    }

    @Test
    void unknownSessionStateIsRejected() {
        byte[] record = RECORD.clone();
        record[STATE_OFFSET] = 2;

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown session state 2");
    }

    @ParameterizedTest
    @ValueSource(ints = {
        0x03,   // QoS 3
        0x30,   // retain handling 3
        0x40,   // reserved bit 6
        0x80,   // reserved bit 7
    })
    void badSubscriptionOptionsAreRejected(int options) {
        byte[] record = RECORD.clone();
        record[LAST_OPTIONS_OFFSET] = (byte) options;

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("bad subscription options " + options);
    }

    @Test
    void publishRecordIsNotASession() {
        assertThatThrownBy(() -> SessionCodec.decode(PublishCodecTest.RECORD))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected a SESSION record but found PUBLISH");
    }

    @Test
    void unknownFormatVersionIsRejected() {
        byte[] record = RECORD.clone();
        record[0] = 2;

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("format version 2");
    }

    @Test
    void invalidUtf8InAFilterIsRejected() {
        byte[] record = bytes(
                "01 02",                // version 1, type SESSION
                "01 74  01 63  01 6e",  // tenant, client id, node id
                "00000000 00000001",    // node epoch
                "00",                   // CONNECTED
                "01",                   // one subscription
                "02 c328",              // filter: 0xC3 0x28 is not UTF-8
                "00",                   // options
                "00",                   // no subscription identifier
                "00");                  // no retained requests

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("not valid UTF-8");
    }
}
