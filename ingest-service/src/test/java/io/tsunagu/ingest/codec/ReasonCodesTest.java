package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.tsunagu.contracts.error.IngestError;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import org.junit.jupiter.api.Test;

class ReasonCodesTest {

    @Test
    void disconnectCodesComeFromTheCatalogue() {
        assertThat(ReasonCodes.disconnect(IngestError.SESSION_TAKEN_OVER))
                .isEqualTo(MqttDisconnectReasonCode.SESSION_TAKEN_OVER);
        assertThat(ReasonCodes.disconnect(IngestError.RECEIVE_MAXIMUM_EXCEEDED))
                .isEqualTo(MqttDisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
        assertThat(ReasonCodes.disconnect(IngestError.QOS_NOT_SUPPORTED))
                .isEqualTo(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED);
        assertThat(ReasonCodes.disconnect(IngestError.HANDOFF_FAILED))
                .isEqualTo(MqttDisconnectReasonCode.UNSPECIFIED_ERROR);
    }

    @Test
    void everyCatalogueEntryHasADisconnectAndPubackCode() {
        for (IngestError error : IngestError.values()) {
            assertThat(ReasonCodes.disconnect(error)).isNotNull();
            assertThat(ReasonCodes.puback(error)).isNotNull();
            assertThat(ReasonCodes.pubrec(error)).isNotNull();
            assertThat(ReasonCodes.unsuback(error)).isNotNull();
        }
    }

    @Test
    void pubackCodesForRefusedContent() {
        assertThat(ReasonCodes.puback(IngestError.TOPIC_NAME_INVALID)).isEqualTo(MqttPubAckReasonCode.TOPIC_NAME_INVALID);
        assertThat(ReasonCodes.puback(IngestError.PAYLOAD_FORMAT_INVALID))
                .isEqualTo(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    }

    @Test
    void pubrecCodesForRefusedContent() {
        // MQTT 5 §3.5.2.1: PUBREC carries the same refusals as PUBACK.
        assertThat(ReasonCodes.pubrec(IngestError.TOPIC_NAME_INVALID))
                .isEqualTo(MqttPubRecReasonCode.TOPIC_NAME_INVALID);
        assertThat(ReasonCodes.pubrec(IngestError.HANDOFF_FAILED)).isEqualTo(MqttPubRecReasonCode.UNSPECIFIED_ERROR);
    }

    @Test
    void packetIdentifierNotFoundIs0x92() {
        // PUBREL and PUBCOMP answer an unknown packet identifier with 0x92 (MQTT 5 §3.6.2.1, §3.7.2.1).
        assertThat(IngestError.PACKET_IDENTIFIER_NOT_FOUND.mqttReasonCode()).isEqualTo(0x92);
    }

    @Test
    void grantedCodesCoverEveryQos() {
        assertThat(ReasonCodes.granted(0)).isEqualTo(MqttSubAckReasonCode.GRANTED_QOS0);
        assertThat(ReasonCodes.granted(1)).isEqualTo(MqttSubAckReasonCode.GRANTED_QOS1);
        assertThat(ReasonCodes.granted(2)).isEqualTo(MqttSubAckReasonCode.GRANTED_QOS2);
    }

    @Test
    void reasonStringIsTheCataloguesString() {
        assertThat(ReasonCodes.reasonString(IngestError.TOPIC_NAME_INVALID)
                .getProperty(MqttPropertyType.REASON_STRING.value()).value())
                .isEqualTo("ING-1014 Topic name invalid");
    }
}
