package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.ControlEvent;
import io.tsunagu.contracts.event.ControlKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte vectors of the control record of a delivery stream, and one test per malformed case. */
class ControlCodecTest {

    /** Routing tells node "node-a" to give up session ("t", "c"), whose client is connecting to "node-b". */
    static final ControlEvent EVENT = new ControlEvent("node-a", ControlKind.TAKEOVER, "t", "c", "node-b");

    /** The record of {@link #EVENT}. */
    static final byte[] RECORD = bytes(
            "01",                   // format version 1
            "05",                   // event type CONTROL
            "06 6e6f64652d61",      // target node id: varint length 6, "node-a"
            "00",                   // kind: TAKEOVER (ordinal 0)
            "01 74",                // tenant "t"
            "01 63",                // client id "c"
            "06 6e6f64652d62");     // requesting node id "node-b"

    /** Offset of the kind byte: after version, type and node id "node-a". */
    private static final int KIND_OFFSET = 2 + 7;

    @Test
    void encodesEveryFieldInOrder() {
        assertThat(ControlCodec.encode(EVENT)).isEqualTo(RECORD);
    }

    @Test
    void decodesEveryFieldOfTheVector() {
        assertThat(ControlCodec.decode(RECORD)).isEqualTo(EVENT);
    }

    @Test
    void stringLengthsCountUtf8BytesNotCharacters() {
        ControlEvent event = new ControlEvent("", ControlKind.TAKEOVER, "\u00e9", "\ud83d\ude00", "");

        assertThat(ControlCodec.encode(event)).isEqualTo(bytes(
                "01 05",        // version 1, type CONTROL
                "00",           // empty node id
                "00",           // TAKEOVER
                "02 c3a9",      // tenant: e-acute, two bytes
                "04 f09f9880",  // client id: U+1F600, four bytes
                "00"));         // empty requesting node id
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 0x7f, 0x80, 0xff})
    void unknownControlKindIsRejected(int kind) {
        byte[] record = RECORD.clone();
        record[KIND_OFFSET] = (byte) kind;

        assertThatThrownBy(() -> ControlCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown control kind " + kind);
    }

    @Test
    void everyTruncationIsRejected() {
        for (int length = 0; length < RECORD.length; length++) {
            byte[] prefix = Arrays.copyOf(RECORD, length);

            assertThatThrownBy(() -> ControlCodec.decode(prefix))
                    .as("record cut to %d bytes", length)
                    .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void recordWithoutTheRequestingNodeIsRejected() {
        byte[] record = bytes(
                "01 05",            // version 1, type CONTROL
                "06 6e6f64652d61",  // node id "node-a"
                "00",               // TAKEOVER
                "01 74",            // tenant "t"
                "01 63");           // client id "c", and no requesting node

        assertThatThrownBy(() -> ControlCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] record = Hex.concat(RECORD, bytes("00"));

        assertThatThrownBy(() -> ControlCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("1 unexpected bytes");
    }

    @Test
    void invalidUtf8InTheClientIdIsRejected() {
        byte[] record = bytes(
                "01 05",            // version 1, type CONTROL
                "00",               // empty node id
                "00",               // TAKEOVER
                "00",               // empty tenant
                "02 c328",          // client id: 0xC3 0x28 is not UTF-8
                "00");              // empty requesting node id

        assertThatThrownBy(() -> ControlCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void deliveryRecordIsNotAControlEvent() {
        assertThatThrownBy(() -> ControlCodec.decode(DeliveryCodecTest.RECORD))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected a CONTROL record but found DELIVERY");
    }

    @Test
    void controlEventIsNotADelivery() {
        // Both share a node's delivery stream: a reader dispatches on RecordHeader.typeOf.
        assertThatThrownBy(() -> DeliveryCodec.decode(RECORD))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected a DELIVERY record but found CONTROL");
        assertThat(RecordHeader.typeOf(RECORD)).isEqualTo(EventType.CONTROL);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 0xff})
    void unknownFormatVersionIsRejected(int version) {
        byte[] record = RECORD.clone();
        record[0] = (byte) version;

        assertThatThrownBy(() -> ControlCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("format version " + version);
    }
}
