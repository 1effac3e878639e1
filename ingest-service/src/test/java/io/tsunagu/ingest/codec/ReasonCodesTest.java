package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.tsunagu.contracts.error.IngestError;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
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
    void reasonStringIsTheCataloguesString() {
        assertThat(ReasonCodes.reasonString(IngestError.TOPIC_NAME_INVALID)
                .getProperty(MqttPropertyType.REASON_STRING.value()).value())
                .isEqualTo("ING-1014 Topic name invalid");
    }
}
