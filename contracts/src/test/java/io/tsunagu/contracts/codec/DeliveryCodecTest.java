package io.tsunagu.contracts.codec;

import static io.tsunagu.contracts.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte vectors of the delivery-stream record, and one test per malformed case. */
class DeliveryCodecTest {

    static final List<Recipient> RECIPIENTS = List.of(new Recipient("a", 1, false), new Recipient("b", 2, true));

    /** Two recipients on node "n" for {@link PublishCodecTest#EVENT}. */
    static final DeliveryEvent EVENT = new DeliveryEvent("n", RECIPIENTS, PublishCodecTest.EVENT);

    /** The delivery header and recipients of {@link #EVENT}; the publish record follows them. */
    static final byte[] HEAD = bytes(
            "01",       // format version 1
            "03",       // event type DELIVERY
            "01 6e",    // node id: varint length 1, "n"
            "02",       // recipient count 2
            "01 61",    // client id "a"
            "01",       // options: QoS 1
            "01 62",    // client id "b"
            "0a");      // options: QoS 2 (0x02) | retain-as-published (0x08)

    /** The record of {@link #EVENT}: the head, then the publish record byte for byte. */
    static final byte[] RECORD = Hex.concat(HEAD, PublishCodecTest.RECORD);

    @Test
    void encodesEveryFieldInOrder() {
        assertThat(DeliveryCodec.encode(EVENT)).isEqualTo(RECORD);
    }

    @Test
    void decodesEveryFieldOfTheVector() {
        assertThat(DeliveryCodec.decode(RECORD)).isEqualTo(EVENT);
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
        record[HEAD.length - 1] = (byte) options;

        assertThatThrownBy(() -> DeliveryCodec.decode(record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("bad recipient options " + options);
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
    }
}
