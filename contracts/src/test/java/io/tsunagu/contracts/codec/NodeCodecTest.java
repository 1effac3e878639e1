package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.NodeEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte vectors of the node heartbeat record of the session stream, and one test per malformed case. */
class NodeCodecTest {

    /** 1 s + 2 µs after the epoch: 1,000,002 µs = 0x0F4242. */
    static final Instant AT = Instant.ofEpochSecond(1, 2_000);

    /** A heartbeat of node "node-a", which started its run at epoch millisecond 0x0102030405060708. */
    static final NodeEvent EVENT = new NodeEvent("node-a", 0x0102030405060708L, AT);

    /** The record of {@link #EVENT}. */
    static final byte[] RECORD = bytes(
            "01",                   // format version 1
            "04",                   // event type NODE
            "06 6e6f64652d61",      // node id: varint length 6, "node-a"
            "01020304 05060708",    // node epoch: 8 bytes big-endian
            "00000000 000f4242");   // at: epoch microseconds, 8 bytes big-endian

    @Test
    void encodesEveryFieldInOrder() {
        assertThat(NodeCodec.encode(EVENT)).isEqualTo(RECORD);
    }

    @Test
    void decodesEveryFieldOfTheVector() {
        assertThat(NodeCodec.decode(RECORD)).isEqualTo(EVENT);
    }

    @ParameterizedTest(name = "epoch {0}, at {1} µs")
    @CsvSource({
        "0,                       0,                      00000000 00000000,  00000000 00000000",
        "-1,                      -1,                     ffffffff ffffffff,  ffffffff ffffffff",
        "9223372036854775807,     9223372036854775807,    7fffffff ffffffff,  7fffffff ffffffff",
        "-9223372036854775808,    -9223372036854775808,   80000000 00000000,  80000000 00000000",
    })
    void epochAndTimeAreWrittenAsTheyAre(long epoch, long micros, String writtenEpoch, String writtenAt) {
        NodeEvent event = new NodeEvent("", epoch, Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
        byte[] expected = bytes(
                "01 04",        // version 1, type NODE
                "00",           // empty node id
                writtenEpoch,   // node epoch
                writtenAt);     // at

        assertThat(NodeCodec.encode(event)).isEqualTo(expected);
        assertThat(NodeCodec.decode(expected)).isEqualTo(event);
    }

    @Test
    void timeIsWrittenToTheMicrosecond() {
        NodeEvent event = new NodeEvent("node-a", 0x0102030405060708L, AT.plusNanos(999));

        assertThat(NodeCodec.encode(event)).isEqualTo(RECORD);
    }

    @Test
    void everyTruncationIsRejected() {
        for (int length = 0; length < RECORD.length; length++) {
            byte[] prefix = Arrays.copyOf(RECORD, length);

            assertThatThrownBy(() -> NodeCodec.decode(prefix))
                    .as("record cut to %d bytes", length)
                    .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void recordCutInsideTheTimeIsRejected() {
        assertThatThrownBy(() -> NodeCodec.decode(Arrays.copyOf(RECORD, RECORD.length - 1)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] record = Hex.concat(RECORD, bytes("00"));

        assertThatThrownBy(() -> NodeCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("1 unexpected bytes");
    }

    @Test
    void invalidUtf8InTheNodeIdIsRejected() {
        byte[] record = bytes(
                "01 04",                // version 1, type NODE
                "02 c328",              // node id: 0xC3 0x28 is not UTF-8
                "00000000 00000001",    // node epoch
                "00000000 00000001");   // at

        assertThatThrownBy(() -> NodeCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void nodeIdLongerThanTheRecordIsRejected() {
        byte[] record = bytes(
                "01 04",                // version 1, type NODE
                "7f 6e",                // node id: length 127, one byte present
                "00000000 00000001");   // node epoch, and no time

        assertThatThrownBy(() -> NodeCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void sessionRecordIsNotANodeEvent() {
        assertThatThrownBy(() -> NodeCodec.decode(SessionCodecTest.RECORD))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected a NODE record but found SESSION");
    }

    @Test
    void nodeEventIsNotASession() {
        // Both share the session stream: a reader tells them apart by the key or the header, never by trying.
        assertThatThrownBy(() -> SessionCodec.decode(RECORD))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected a SESSION record but found NODE");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 0xff})
    void unknownFormatVersionIsRejected(int version) {
        byte[] record = RECORD.clone();
        record[0] = (byte) version;

        assertThatThrownBy(() -> NodeCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("format version " + version);
    }
}
