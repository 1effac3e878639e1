package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.event.UserProperty;
import io.tsunagu.contracts.event.Will;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte vectors of the session-stream record, and one test per malformed case. */
class SessionCodecTest {

    /**
     * The tail of a session written with the 7-argument constructor: expiry interval 0 (one byte), updated at the
     * epoch (eight bytes), will presence 0, pending release count 0, pending outbound release count 0.
     */
    static final String NO_PERSISTENCE_TAIL = "00 0000000000000000 00 00 00";

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
            "00",                   // retained request count 0
            "00",                   // session expiry interval 0: ends with its connection
            "00000000 00000000",    // updated at: the epoch, 8 bytes big-endian epoch microseconds
            "00",                   // will presence: 0, no will
            "00",                   // pending release count 0
            "00");                  // pending outbound release count 0

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
            "03 612f2b",            // retained request: filter "a/+"
            NO_PERSISTENCE_TAIL);   // expiry 0, updated at the epoch, no will, no pending releases either way

    /** 2 s + 3 µs after the epoch: 2,000,003 µs = 0x1E8483. */
    static final Instant UPDATED_AT = Instant.ofEpochSecond(2, 3_000);

    /**
     * A will with every kind of property field the vector needs: a byte (payload format), a varint (message
     * expiry), a string (content type) and a user property; QoS 1, RETAIN, payload "bye".
     */
    static final PublishEvent WILL_MESSAGE = new PublishEvent(PublishCodecTest.MESSAGE_ID, "t", "c", "n", "w", 1,
            true, PublishCodecTest.RECEIVED_AT,
            new MessageProperties(OptionalInt.of(1), OptionalLong.of(300), "j", null, null,
                    List.of(new UserProperty("k", "v"))),
            Payload.utf8("bye"));

    /** The publish record of {@link #WILL_MESSAGE}: 52 bytes, embedded in the session record after its length. */
    static final byte[] WILL_RECORD = bytes(
            "01 01",                                // version 1, type PUBLISH
            "00112233 44556677 8899aabb ccddeeff",  // message id
            "00000000 000f4242",                    // received-at: 1,000,002 µs
            "05",                                   // flags: QoS 1 | RETAIN
            "01 74  01 63  01 6e",                  // tenant "t", client id "c", node id "n"
            "01 77",                                // topic "w"
            "04",                                   // property count 4
            "01 01",                                // 0x01 payload format indicator = 1 (UTF-8)
            "02 ac02",                              // 0x02 message expiry interval = 300
            "03 01 6a",                             // 0x03 content type "j"
            "26 01 6b 01 76",                       // 0x26 user property "k" = "v"
            "627965");                              // payload "bye", the rest of the embedded record

    /** Offset of the payload in {@link #WILL_RECORD}. */
    private static final int WILL_PAYLOAD_OFFSET = 49;

    /**
     * A persistent session that lost its connection: kept for an hour from {@link #UPDATED_AT}, with a will
     * delayed by 30 s, three inbound QoS 2 messages awaiting PUBREL (the smallest packet id, the first
     * two-byte varint, the largest) and two outbound QoS 2 messages awaiting PUBCOMP (the first three-byte varint
     * sent before packet id 2).
     */
    static final SessionEvent PERSISTENT_EVENT = new SessionEvent("t", "c", "n", 1, SessionState.DISCONNECTED,
            List.of(Subscription.of("a/+", 1)), List.of(), new SessionPersistence(3_600, UPDATED_AT),
            new Will(WILL_MESSAGE, 30), List.of(1, 128, 65_535), List.of(16_384, 2));

    /** The record of {@link #PERSISTENT_EVENT}. */
    static final byte[] PERSISTENT_RECORD = Hex.concat(Hex.concat(bytes(
            "01 02",                // version 1, type SESSION
            "01 74  01 63  01 6e",  // tenant "t", client id "c", node id "n"
            "00000000 00000001",    // node epoch 1
            "02",                   // state: DISCONNECTED (ordinal 2)
            "01",                   // subscription count 1
            "03 612f2b",            // filter "a/+"
            "01",                   // options: QoS 1
            "00",                   // subscription identifier: none
            "00",                   // retained request count 0
            "90 1c",                // session expiry interval 3600 = 0x10 | 0x80, then 3600 >> 7 = 28
            "00000000 001e8483",    // updated at: 2,000,003 µs
            "01",                   // will presence: 1
            "1e",                   // will delay interval 30
            "34"),                  // will record length 52, then the record byte for byte
            WILL_RECORD), bytes(
            "03",                   // pending release count 3
            "01",                   // packet id 1
            "80 01",                // packet id 128
            "ff ff 03",             // packet id 65535 = 0x7F | 0x80, 0x7F | 0x80, 3
            "02",                   // pending outbound release count 2
            "80 80 01",             // packet id 16384 = 0x80, 0x80, 1
            "02"));                 // packet id 2

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
                "00",                   // no retained requests
                NO_PERSISTENCE_TAIL));  // expiry 0, updated at the epoch, no will, no pending releases either way
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
                "00",                   // no retained requests
                NO_PERSISTENCE_TAIL);   // expiry 0, updated at the epoch, no will, no pending releases either way

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

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 0x7f, 0x80, 0xff})
    void unknownSessionStateIsRejected(int state) {
        byte[] record = RECORD.clone();
        record[STATE_OFFSET] = (byte) state;

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown session state " + state);
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

    // The persistence tail: expiry interval, updated at, will, pending releases.

    /** The fields of an empty CONNECTED session before its tail. */
    private static final String[] EMPTY_HEAD = {
        "01 02",                // version 1, type SESSION
        "00 00 00",             // empty tenant, client id, node id
        "00000000 00000000",    // node epoch 0
        "00",                   // CONNECTED
        "00",                   // no subscriptions
        "00",                   // no retained requests
    };

    /** An empty CONNECTED session followed by {@code tail}. */
    private static byte[] emptySessionWith(byte[] tail) {
        return Hex.concat(bytes(EMPTY_HEAD), tail);
    }

    /** An empty CONNECTED session whose will is {@code willRecord}, with no pending releases. */
    private static byte[] emptySessionWithWill(byte[] willRecord) {
        return emptySessionWith(Hex.concat(Hex.concat(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "01",                   // will presence: 1
                "00",                   // will delay 0
                varint(willRecord.length)),
                willRecord), bytes(
                "00",                   // no pending releases
                "00")));                // no pending outbound releases
    }

    private static SessionEvent emptySession(SessionState state, SessionPersistence persistence, Will will,
            List<Integer> pendingReleases) {
        return new SessionEvent("", "", "", 0, state, List.of(), List.of(), persistence, will, pendingReleases,
                List.of());
    }

    /** An empty CONNECTED session whose outbound QoS 2 messages {@code packetIds} await PUBCOMP. */
    private static SessionEvent emptySessionReleasing(List<Integer> packetIds) {
        return new SessionEvent("", "", "", 0, SessionState.CONNECTED, List.of(), List.of(),
                SessionPersistence.none(), null, List.of(), packetIds);
    }

    private static String varint(int value) {
        return value < 0x80 ? String.format("%02x", value) : String.format("%02x %02x", value & 0x7F | 0x80,
                value >>> 7);
    }

    @Test
    void encodesAPersistentSessionWithAWillAndPendingReleases() {
        assertThat(SessionCodec.encode(PERSISTENT_EVENT)).isEqualTo(PERSISTENT_RECORD);
    }

    @Test
    void decodesAPersistentSessionWithAWillAndPendingReleases() {
        SessionEvent decoded = SessionCodec.decode(PERSISTENT_RECORD);

        assertThat(decoded).isEqualTo(PERSISTENT_EVENT);
        assertThat(decoded.state()).isEqualTo(SessionState.DISCONNECTED);
        assertThat(decoded.isPersistent()).isTrue();
        assertThat(decoded.persistence().expiresAt()).isEqualTo(UPDATED_AT.plusSeconds(3_600));
        assertThat(decoded.will().delayInterval()).isEqualTo(30);
        assertThat(decoded.will().message().properties()).isEqualTo(WILL_MESSAGE.properties());
        assertThat(decoded.will().message().payload().toUtf8()).isEqualTo("bye");
        assertThat(decoded.pendingReleases()).containsExactly(1, 128, 65_535);
        assertThat(decoded.pendingOutboundReleases()).containsExactly(16_384, 2);
    }

    @Test
    void willIsEmbeddedAsItsPublishRecord() {
        assertThat(PublishCodec.encode(WILL_MESSAGE)).isEqualTo(WILL_RECORD);
        assertThat(WILL_RECORD).hasSize(52);
        assertThat(Arrays.copyOfRange(WILL_RECORD, WILL_PAYLOAD_OFFSET, WILL_RECORD.length))
                .isEqualTo("bye".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void sessionOfTheShortConstructorHasNoPersistenceWillOrPendingReleases() {
        SessionEvent decoded = SessionCodec.decode(RECORD);

        assertThat(decoded.persistence()).isEqualTo(SessionPersistence.none());
        assertThat(decoded.isPersistent()).isFalse();
        assertThat(decoded.will()).isNull();
        assertThat(decoded.pendingReleases()).isEmpty();
        assertThat(decoded.pendingOutboundReleases()).isEmpty();
    }

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource({
        "CONNECTED,       00",
        "ENDED,           01",
        "DISCONNECTED,    02",
        "TAKEOVER,        03",
    })
    void stateIsWrittenAsItsOrdinal(SessionState state, String written) {
        SessionEvent event = emptySession(state, SessionPersistence.none(), null, List.of());
        byte[] expected = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch 0
                written,                // the state
                "00",                   // no subscriptions
                "00",                   // no retained requests
                NO_PERSISTENCE_TAIL);   // expiry 0, updated at the epoch, no will, no pending releases either way

        assertThat(SessionCodec.encode(event)).isEqualTo(expected);
        assertThat(SessionCodec.decode(expected)).isEqualTo(event);
    }

    @ParameterizedTest(name = "session expiry interval {0} is written as {1}")
    @CsvSource({
        "0,           00",
        "1,           01",
        "127,         7f",
        "128,         80 01",
        "3600,        90 1c",
        "4294967294,  fe ff ff ff 0f",
        "4294967295,  ff ff ff ff 0f",  // NEVER: the largest Four Byte Integer
    })
    void expiryIntervalIsWrittenAsLeb128BeforeTheUpdateTime(long expiryInterval, String varint) {
        SessionEvent event = emptySession(SessionState.DISCONNECTED,
                new SessionPersistence(expiryInterval, UPDATED_AT), null, List.of());
        byte[] expected = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch 0
                "02",                   // DISCONNECTED
                "00",                   // no subscriptions
                "00",                   // no retained requests
                varint,                 // session expiry interval
                "00000000 001e8483",    // updated at: 2,000,003 µs
                "00",                   // no will
                "00",                   // no pending releases
                "00");                  // no pending outbound releases

        assertThat(SessionCodec.encode(event)).isEqualTo(expected);
        assertThat(SessionCodec.decode(expected)).isEqualTo(event);
    }

    @Test
    void sessionThatNeverExpiresStillDoesAfterDecoding() {
        SessionEvent event = emptySession(SessionState.DISCONNECTED,
                new SessionPersistence(SessionPersistence.NEVER, UPDATED_AT), null, List.of());

        SessionEvent decoded = SessionCodec.decode(SessionCodec.encode(event));

        assertThat(decoded.persistence().expiresAt()).isEqualTo(Instant.MAX);
    }

    @ParameterizedTest(name = "updated at {1} µs, written as {0}")
    @CsvSource({
        "00000000 00000000,   0",
        "ffffffff ffffffff,   -1",                      // one microsecond before the epoch
        "7fffffff ffffffff,   9223372036854775807",     // the latest instant a record can hold
        "80000000 00000000,   -9223372036854775808",    // the earliest
    })
    void updateTimeIsWrittenInEpochMicroseconds(String written, long micros) {
        Instant updatedAt = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        SessionEvent event = emptySession(SessionState.DISCONNECTED, new SessionPersistence(1, updatedAt), null,
                List.of());
        byte[] expected = bytes(
                "01 02",                // version 1, type SESSION
                "00 00 00",             // empty tenant, client id, node id
                "00000000 00000000",    // node epoch 0
                "02",                   // DISCONNECTED
                "00",                   // no subscriptions
                "00",                   // no retained requests
                "01",                   // expiry interval 1
                written,                // updated at, 8 bytes big-endian
                "00",                   // no will
                "00",                   // no pending releases
                "00");                  // no pending outbound releases

        assertThat(SessionCodec.encode(event)).isEqualTo(expected);
        assertThat(SessionCodec.decode(expected)).isEqualTo(event);
    }

    @ParameterizedTest(name = "will delay interval {0} is written as {1}")
    @CsvSource({
        "0,           00",
        "30,          1e",
        "128,         80 01",
        "4294967295,  ff ff ff ff 0f",
    })
    void willDelayIsWrittenAsLeb128BeforeTheWillRecord(long delayInterval, String varint) {
        SessionEvent event = emptySession(SessionState.CONNECTED, SessionPersistence.none(),
                new Will(PublishCodecTest.EVENT, delayInterval), List.of());
        byte[] expected = emptySessionWith(Hex.concat(Hex.concat(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "01",                   // will presence: 1
                varint,                 // will delay interval
                "29"),                  // will record length 41
                PublishCodecTest.RECORD), bytes(
                "00",                   // no pending releases
                "00")));                // no pending outbound releases

        assertThat(PublishCodecTest.RECORD).hasSize(0x29);
        assertThat(SessionCodec.encode(event)).isEqualTo(expected);
        assertThat(SessionCodec.decode(expected)).isEqualTo(event);
    }

    @ParameterizedTest(name = "packet id {0} is written as {1}")
    @CsvSource({
        "1,       01",
        "127,     7f",
        "128,     80 01",
        "16383,   ff 7f",
        "16384,   80 80 01",
        "65535,   ff ff 03",
    })
    void pendingReleaseIsWrittenAsLeb128(int packetId, String varint) {
        SessionEvent event = emptySession(SessionState.CONNECTED, SessionPersistence.none(), null,
                List.of(packetId));
        byte[] expected = emptySessionWith(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "00",                   // no will
                "01",                   // one pending release
                varint,                 // its packet id
                "00"));                 // no pending outbound releases

        assertThat(SessionCodec.encode(event)).isEqualTo(expected);
        assertThat(SessionCodec.decode(expected)).isEqualTo(event);
    }

    @ParameterizedTest(name = "outbound packet id {0} is written as {1}")
    @CsvSource({
        "1,       01",
        "127,     7f",
        "128,     80 01",
        "16383,   ff 7f",
        "16384,   80 80 01",
        "65535,   ff ff 03",
    })
    void pendingOutboundReleaseIsWrittenAsLeb128AfterTheInboundOnes(int packetId, String varint) {
        SessionEvent event = emptySessionReleasing(List.of(packetId));
        byte[] expected = emptySessionWith(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "00",                   // no will
                "00",                   // no pending (inbound) releases
                "01",                   // one pending outbound release
                varint));               // its packet id

        assertThat(SessionCodec.encode(event)).isEqualTo(expected);
        assertThat(SessionCodec.decode(expected)).isEqualTo(event);
    }

    @Test
    void pendingOutboundReleasesKeepTheirOrder() {
        SessionEvent event = emptySessionReleasing(List.of(65_535, 1, 300, 2));

        assertThat(SessionCodec.decode(SessionCodec.encode(event)).pendingOutboundReleases())
                .containsExactly(65_535, 1, 300, 2);
    }

    @Test
    void inboundAndOutboundReleasesAreNotMixedUp() {
        SessionEvent event = new SessionEvent("", "", "", 0, SessionState.DISCONNECTED, List.of(), List.of(),
                SessionPersistence.none(), null, List.of(3), List.of(4, 5));

        SessionEvent decoded = SessionCodec.decode(SessionCodec.encode(event));

        assertThat(decoded.pendingReleases()).containsExactly(3);
        assertThat(decoded.pendingOutboundReleases()).containsExactly(4, 5);
    }

    @Test
    void pendingReleasesKeepTheirOrder() {
        SessionEvent event = emptySession(SessionState.CONNECTED, SessionPersistence.none(), null,
                List.of(65_535, 1, 300, 2));

        assertThat(SessionCodec.decode(SessionCodec.encode(event)).pendingReleases())
                .containsExactly(65_535, 1, 300, 2);
    }

    @Test
    void recordWithoutThePersistenceTailIsRejected() {
        // The layout before persistent sessions: a record ending after the retained requests is now truncated.
        assertThatThrownBy(() -> SessionCodec.decode(bytes(EMPTY_HEAD)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest(name = "tail {0}")
    @ValueSource(strings = {
        "80",                                   // expiry interval varint cut after a continuation byte
        "00 00000000 000000",                   // updated at cut after six of its eight bytes
        "00 00000000 00000000",                 // no will presence byte
        "00 00000000 00000000 01",              // a will, and the record ends before its delay
        "00 00000000 00000000 00",              // no pending release count
        "00 00000000 00000000 00 01 80",        // a packet id varint cut after a continuation byte
        "00 00000000 00000000 00 02 8001",      // two pending releases, only one (128) present
        "00 00000000 00000000 00 00",           // no pending outbound release count
        "00 00000000 00000000 00 00 01 80",     // an outbound packet id varint cut after a continuation byte
        "00 00000000 00000000 00 00 02 8001",   // two pending outbound releases, only one (128) present
    })
    void truncatedTailIsRejected(String tail) {
        assertThatThrownBy(() -> SessionCodec.decode(emptySessionWith(bytes(tail))))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest(name = "session expiry interval written as {0}")
    @CsvSource({
        "80 80 80 80 10,                4294967296",            // 2^32: one past NEVER
        "ff ff ff ff 1f,                8589934591",            // 2^33 - 1
        "ff ff ff ff ff ff ff ff 7f,    9223372036854775807",   // Long.MAX_VALUE
    })
    void expiryIntervalAboveNeverIsRejected(String varint, String value) {
        byte[] record = emptySessionWith(bytes(
                varint,                 // session expiry interval out of range
                "00000000 00000000",    // updated at the epoch
                "00",                   // no will
                "00",                   // no pending releases
                "00"));                 // no pending outbound releases

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("session expiry interval out of range: " + value);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 0x7f, 0x80, 0xff})
    void badWillPresenceByteIsRejected(int presence) {
        byte[] record = emptySessionWith(Hex.concat(Hex.concat(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                String.format("%02x", presence),    // will presence: neither 0 nor 1
                "00",                   // will delay 0
                "29"),                  // will record length 41
                PublishCodecTest.RECORD), bytes(
                "00",                   // no pending releases
                "00")));                // no pending outbound releases

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("bad will presence byte " + presence);
    }

    @ParameterizedTest(name = "will delay interval written as {0}")
    @CsvSource({
        "80 80 80 80 10,                4294967296",            // 2^32: one past the largest Four Byte Integer
        "ff ff ff ff ff ff ff ff 7f,    9223372036854775807",   // Long.MAX_VALUE
    })
    void willDelayAboveTheMaximumIsRejected(String varint, String value) {
        byte[] record = emptySessionWith(Hex.concat(Hex.concat(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "01",                   // will presence: 1
                varint,                 // will delay interval out of range
                "29"),                  // will record length 41
                PublishCodecTest.RECORD), bytes(
                "00",                   // no pending releases
                "00")));                // no pending outbound releases

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("will delay interval out of range: " + value);
    }

    @ParameterizedTest(name = "packet id written as {0}")
    @CsvSource({
        "00,                            0",
        "80 80 04,                      65536",                 // one past the largest packet id
        "ff ff ff ff 0f,                4294967295",
        "80 80 80 80 08,                2147483648",            // 2^31: negative if narrowed before the check
        "ff ff ff ff ff ff ff ff 7f,    9223372036854775807",   // Long.MAX_VALUE
    })
    void packetIdOutOfRangeIsRejected(String varint, String value) {
        byte[] record = emptySessionWith(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "00",                   // no will
                "02",                   // two pending releases
                "01",                   // packet id 1
                varint));               // a packet id out of range

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("packet identifier out of range: " + value);
    }

    @ParameterizedTest(name = "outbound packet id written as {0}")
    @CsvSource({
        "00,                            0",
        "80 80 04,                      65536",                 // one past the largest packet id
        "80 80 80 80 08,                2147483648",            // 2^31: negative if narrowed before the check
        "ff ff ff ff ff ff ff ff 7f,    9223372036854775807",   // Long.MAX_VALUE
    })
    void outboundPacketIdOutOfRangeIsRejected(String varint, String value) {
        byte[] record = emptySessionWith(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "00",                   // no will
                "00",                   // no pending releases
                "02",                   // two pending outbound releases
                "01",                   // packet id 1
                varint));               // a packet id out of range

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("packet identifier out of range: " + value);
    }

    @Test
    void nonMinimalOutboundPacketIdIsRejected() {
        byte[] record = emptySessionWith(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "00",                   // no will
                "00",                   // no pending releases
                "01",                   // one pending outbound release
                "81 00"));              // packet id 1 in two bytes

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("shortest form");
    }

    @Test
    void nonMinimalPacketIdIsRejected() {
        byte[] record = emptySessionWith(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "00",                   // no will
                "01",                   // one pending release
                "81 00"));              // packet id 1 in two bytes

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("shortest form");
    }

    @Test
    void pendingReleaseCountBeyondTheRecordIsRejected() {
        byte[] record = emptySessionWith(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "00",                   // no will
                "80 80 80 80 08",       // 2^31 pending releases
                "01"));                 // one present

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void willLengthBeyondTheRecordIsRejected() {
        byte[] record = emptySessionWith(Hex.concat(bytes(
                "00",                   // expiry interval 0
                "00000000 00000000",    // updated at the epoch
                "01",                   // will presence: 1
                "00",                   // will delay 0
                "35"),                  // will record length 53: one more than the 52 bytes that follow
                WILL_RECORD));

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void willRecordCutInsideItsHeaderIsRejected() {
        // The outer length covers 26 bytes: version, type, message id, received-at, and no flags byte.
        byte[] record = emptySessionWithWill(Arrays.copyOf(WILL_RECORD, 26));

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void everyWillRecordCutBeforeItsPayloadIsRejected() {
        for (int length = 0; length < WILL_PAYLOAD_OFFSET; length++) {
            byte[] record = emptySessionWithWill(Arrays.copyOf(WILL_RECORD, length));

            assertThatThrownBy(() -> SessionCodec.decode(record))
                    .as("will record cut to %d bytes", length)
                    .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void willRecordCutInsideItsPayloadKeepsWhatItsLengthCovers() {
        // The payload runs to the end of the embedded record: the outer length, not the record, delimits it.
        byte[] record = emptySessionWithWill(Arrays.copyOf(WILL_RECORD, WILL_PAYLOAD_OFFSET + 1));

        assertThat(SessionCodec.decode(record).will().message().payload().toUtf8()).isEqualTo("b");
    }

    @Test
    void willThatIsNotAPublishRecordIsRejected() {
        byte[] record = emptySessionWithWill(RECORD);

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected a PUBLISH record but found SESSION");
    }

    @Test
    void trailingBytesAfterThePendingOutboundReleasesAreRejected() {
        byte[] record = Hex.concat(PERSISTENT_RECORD, bytes("01"));

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("1 unexpected bytes");
    }
}
