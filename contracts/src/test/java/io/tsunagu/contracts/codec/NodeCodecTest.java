package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.NodeTraffic;
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

    /** 5 PUBLISH packets sent, 300 bytes received, 16,384 bytes sent. */
    static final NodeTraffic TRAFFIC = new NodeTraffic(5, 300, 16_384);

    /**
     * A heartbeat of node "node-a", which started its run at epoch millisecond 0x0102030405060708, with
     * {@link #TRAFFIC}.
     */
    static final NodeEvent EVENT = new NodeEvent("node-a", 0x0102030405060708L, AT, TRAFFIC);

    /** The record of {@link #EVENT}. */
    static final byte[] RECORD = bytes(
            "01",                   // format version 1
            "04",                   // event type NODE
            "06 6e6f64652d61",      // node id: varint length 6, "node-a"
            "01020304 05060708",    // node epoch: 8 bytes big-endian
            "00000000 000f4242",    // at: epoch microseconds, 8 bytes big-endian
            "05",                   // messages sent: varint 5
            "ac02",                 // bytes received: varint 300 = 0x2C | 0x80, then 2
            "808001");              // bytes sent: varint 16,384 = 0x00 | 0x80, 0x00 | 0x80, then 1

    /** Where the counters start in {@link #RECORD}: after version, type, node id (7), epoch (8) and time (8). */
    static final int COUNTERS_START = 2 + 7 + 8 + 8;

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
                writtenAt,      // at
                "00 00 00");    // no traffic: three varints 0

        assertThat(NodeCodec.encode(event)).isEqualTo(expected);
        assertThat(NodeCodec.decode(expected)).isEqualTo(event);
    }

    @Test
    void timeIsWrittenToTheMicrosecond() {
        NodeEvent event = new NodeEvent("node-a", 0x0102030405060708L, AT.plusNanos(999), TRAFFIC);

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
        assertThatThrownBy(() -> NodeCodec.decode(Arrays.copyOf(RECORD, COUNTERS_START - 1)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void recordCutInsideACounterIsRejected() {
        assertThatThrownBy(() -> NodeCodec.decode(Arrays.copyOf(RECORD, RECORD.length - 1)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void largestCountersAreWrittenInNineBytes() {
        NodeTraffic most = new NodeTraffic(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        NodeEvent event = new NodeEvent("node-a", 0x0102030405060708L, AT, most);
        byte[] expected = Hex.concat(Arrays.copyOf(RECORD, COUNTERS_START), bytes(
                "ffffffff ffffffff 7f",     // messages sent: 2^63 - 1, 63 bits in nine varint bytes
                "ffffffff ffffffff 7f",     // bytes received
                "ffffffff ffffffff 7f"));   // bytes sent

        assertThat(NodeCodec.encode(event)).isEqualTo(expected);
        assertThat(NodeCodec.decode(expected)).isEqualTo(event);
    }

    @Test
    void counterLongerThanNineBytesIsRejected() {
        // A tenth varint byte would carry bit 63: a negative counter, which the record cannot hold.
        byte[] record = Hex.concat(Arrays.copyOf(RECORD, COUNTERS_START), bytes(
                "ffffffff ffffffff ff01",   // messages sent: the ninth byte asks for a tenth
                "00 00"));                  // bytes received and sent

        assertThatThrownBy(() -> NodeCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("longer than 9 bytes");
    }

    @Test
    void counterNotInItsShortestFormIsRejected() {
        byte[] record = Hex.concat(Arrays.copyOf(RECORD, COUNTERS_START), bytes(
                "8000",     // messages sent: 0 in two bytes
                "00 00"));  // bytes received and sent

        assertThatThrownBy(() -> NodeCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("shortest form");
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
                "00000000 00000001",    // at
                "00 00 00");            // no traffic

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
