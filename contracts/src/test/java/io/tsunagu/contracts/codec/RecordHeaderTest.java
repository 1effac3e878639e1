package io.tsunagu.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The two header bytes every record opens with: format version, then event type. */
class RecordHeaderTest {

    @Test
    void typeOfNamesThePublishRecord() {
        assertThat(RecordHeader.typeOf(PublishCodecTest.RECORD)).isEqualTo(EventType.PUBLISH);
    }

    @Test
    void typeOfNamesTheSessionRecord() {
        assertThat(RecordHeader.typeOf(SessionCodecTest.RECORD)).isEqualTo(EventType.SESSION);
    }

    @Test
    void typeOfNamesTheDeliveryRecord() {
        assertThat(RecordHeader.typeOf(DeliveryCodecTest.RECORD)).isEqualTo(EventType.DELIVERY);
    }

    @Test
    void typeOfReadsOnlyTheHeader() {
        assertThat(RecordHeader.typeOf(Hex.bytes("01 02"))).isEqualTo(EventType.SESSION);
    }

    @Test
    void typeOfRejectsAnUnknownFormatVersion() {
        assertThatThrownBy(() -> RecordHeader.typeOf(Hex.bytes("02 01")))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unsupported record format version 2");
    }

    @Test
    void typeOfRejectsAnUnknownType() {
        assertThatThrownBy(() -> RecordHeader.typeOf(Hex.bytes("01 04")))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown event type 4");
    }

    @Test
    void typeOfRejectsAnEmptyRecord() {
        assertThatThrownBy(() -> RecordHeader.typeOf(new byte[0]))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void typeOfRejectsAVersionWithoutAType() {
        assertThatThrownBy(() -> RecordHeader.typeOf(Hex.bytes("01")))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void eventTypeCodesAreTheSecondHeaderByte() {
        assertThat(EventType.PUBLISH.code()).isEqualTo(1);
        assertThat(EventType.SESSION.code()).isEqualTo(2);
        assertThat(EventType.DELIVERY.code()).isEqualTo(3);
    }
}
