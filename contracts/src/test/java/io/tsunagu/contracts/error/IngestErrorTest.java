package io.tsunagu.contracts.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The error catalogue: stable, unique codes that every reason string carries. */
class IngestErrorTest {

    @Test
    void everyCodeIsUnique() {
        assertThat(Arrays.stream(IngestError.values()).map(IngestError::code)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(IngestError.class)
    void codeHasTheIngFormat(IngestError error) {
        assertThat(error.code()).matches("ING-1\\d{3}");
    }

    @ParameterizedTest
    @EnumSource(IngestError.class)
    void reasonStringStartsWithTheCode(IngestError error) {
        assertThat(error.reasonString()).startsWith(error.code() + " ").endsWith(error.message());
    }

    @ParameterizedTest
    @EnumSource(IngestError.class)
    void mqtt5ReasonCodeIsAnErrorCode(IngestError error) {
        // MQTT 5 §2.4: reason codes of 0x80 and above indicate failure.
        assertThat(error.mqttReasonCode()).isBetween(0x80, 0xFF);
    }

    @ParameterizedTest
    @EnumSource(IngestError.class)
    void mqtt3ConnackCodeIsARefusalOrClose(IngestError error) {
        // MQTT 3.1.1 §3.2.2.3: return codes 1 to 5 refuse the connection; -1 means close instead.
        assertThat(error.mqtt3ConnackCode()).isIn(-1, 1, 2, 3, 4, 5);
    }

    @ParameterizedTest
    @EnumSource(IngestError.class)
    void amqpConditionIsAnAmqpSymbol(IngestError error) {
        assertThat(error.amqpCondition()).startsWith("amqp:");
    }

    @ParameterizedTest
    @EnumSource(IngestError.class)
    void webSocketCloseCodeIsOneAnEndpointMaySend(IngestError error) {
        // RFC 6455 §7.4.1: 1005, 1006 and 1015 must not be sent in a close frame.
        assertThat(error.webSocketCloseCode()).isBetween(1000, 4999).isNotIn(1004, 1005, 1006, 1015);
    }

    @ParameterizedTest
    @EnumSource(IngestError.class)
    void messageIsShortAndSafeToSend(IngestError error) {
        assertThat(error.message()).isNotBlank().hasSizeLessThanOrEqualTo(64).doesNotContain("ING-");
    }

    @Test
    void topicErrorsCarryTheirMqtt5ReasonCodes() {
        assertThat(IngestError.TOPIC_FILTER_INVALID.mqttReasonCode()).isEqualTo(0x8F);
        assertThat(IngestError.TOPIC_NAME_INVALID.mqttReasonCode()).isEqualTo(0x90);
        assertThat(IngestError.TOPIC_NAME_INVALID.reasonString()).isEqualTo("ING-1014 Topic name invalid");
    }
}
