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
import org.junit.jupiter.params.provider.ValueSource;

/** Byte vectors of the session-stream record, and one test per malformed case. */
class SessionCodecTest {

    /** A connected session with a 3.1.1-style subscription and one using every MQTT 5 option. */
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
            "01 23",                // filter "#"
            "2e");                  // options: QoS 2 (0x02) | no-local (0x04) | retain-as-published (0x08)
                                    //          | retain handling 2 in bits 4-5 (0x20)

    /** Offset of the state byte. */
    private static final int STATE_OFFSET = 2 + 2 + 2 + 2 + 8;

    @Test
    void encodesEveryFieldInOrder() {
        assertThat(SessionCodec.encode(EVENT)).isEqualTo(RECORD);
    }

    @Test
    void decodesEveryFieldOfTheVector() {
        assertThat(SessionCodec.decode(RECORD)).isEqualTo(EVENT);
    }

    @Test
    void encodesAnEndedSessionWithoutSubscriptions() {
        SessionEvent ended = new SessionEvent("t", "c", "n", 1, SessionState.ENDED, List.of());

        assertThat(SessionCodec.encode(ended)).isEqualTo(bytes(
                "01 02",                // version 1, type SESSION
                "01 74  01 63  01 6e",  // tenant "t", client id "c", node id "n"
                "00000000 00000001",    // node epoch 1
                "01",                   // state: ENDED
                "00"));                 // no subscriptions
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
        record[record.length - 1] = (byte) options;

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
                "00");                  // options

        assertThatThrownBy(() -> SessionCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("not valid UTF-8");
    }
}
