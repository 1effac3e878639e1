package io.tsunagu.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    void typeOfNamesTheNodeRecord() {
        assertThat(RecordHeader.typeOf(NodeCodecTest.RECORD)).isEqualTo(EventType.NODE);
    }

    @Test
    void typeOfNamesTheControlRecord() {
        assertThat(RecordHeader.typeOf(ControlCodecTest.RECORD)).isEqualTo(EventType.CONTROL);
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

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 0x7f, 0x80, 0xff})
    void typeOfRejectsAnUnknownType(int type) {
        assertThatThrownBy(() -> RecordHeader.typeOf(new byte[] {RecordHeader.FORMAT_VERSION, (byte) type}))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown event type " + type);
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
        assertThat(EventType.NODE.code()).isEqualTo(4);
        assertThat(EventType.CONTROL.code()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeIsReadBackFromItsCode(EventType type) {
        assertThat(EventType.fromCode(type.code())).isEqualTo(type);
        assertThat(RecordHeader.typeOf(new byte[] {RecordHeader.FORMAT_VERSION, (byte) type.code()}))
                .isEqualTo(type);
    }
}
