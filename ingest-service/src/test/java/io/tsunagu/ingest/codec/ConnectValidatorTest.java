package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.tsunagu.contracts.error.IngestError;
import org.junit.jupiter.api.Test;

class ConnectValidatorTest {

    private static final ClientIdLimits MAX_ID = new ClientIdLimits(32, 23);

    @Test
    void mqtt311EmptyIdWithCleanSessionIsAssignedOne() {
        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(4, "", true, 60), MAX_ID);

        assertThat(check.isAccepted()).isTrue();
        assertThat(check.assigned()).isTrue();
        assertThat(check.clientId()).startsWith(ClientIdentifiers.ASSIGNED_PREFIX);
    }

    @Test
    void mqtt311EmptyIdWithoutCleanSessionIsRefusedWithIdentifierRejected() {
        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(4, "", false, 60), MAX_ID);

        assertThat(check.error()).isEqualTo(IngestError.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(ReasonCodes.connack(check.error(), 4))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    }

    @Test
    void mqtt5EmptyIdIsAssignedOneEvenWithoutCleanStart() {
        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(5, null, false, 60), MAX_ID);

        assertThat(check.assigned()).isTrue();
        assertThat(check.clientId()).isNotBlank();
    }

    @Test
    void assignedIdsAreUnique() {
        assertThat(ClientIdentifiers.assign()).isNotEqualTo(ClientIdentifiers.assign());
    }

    @Test
    void mqisdpLevel3WithAnIdOf1To23CharactersIsAccepted() {
        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(3, "x".repeat(23), true, 60), MAX_ID);

        assertThat(check.isAccepted()).isTrue();
        assertThat(check.assigned()).isFalse();
    }

    @Test
    void mqisdpLevel3WithAnIdOver23CharactersIsRefusedWithIdentifierRejected() {
        // MQTT 3.1 §3.1: more than 23 characters is answered with CONNACK 2, identifier rejected.
        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(3, "x".repeat(24), true, 60), MAX_ID);

        assertThat(check.error()).isEqualTo(IngestError.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(ReasonCodes.connack(check.error(), 3))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    }

    @Test
    void mqisdpLevel3WithAnEmptyIdIsRefusedEvenWithCleanSession() {
        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(3, "", true, 60), MAX_ID);

        assertThat(check.error()).isEqualTo(IngestError.CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void mqisdpLevel3LimitIsConfigurableAndCountsCharactersNotBytes() {
        String thirtyCharsSixtyBytes = "é".repeat(30);

        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(3, thirtyCharsSixtyBytes, true, 60),
                new ClientIdLimits(64, 30));

        assertThat(check.isAccepted()).isTrue();
    }

    @Test
    void unknownProtocolLevelIsRefusedWithUnacceptableProtocolVersion() {
        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(6, "device", true, 60), MAX_ID);

        assertThat(check.error()).isEqualTo(IngestError.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(ReasonCodes.connack(check.error(), 4))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
    }

    @Test
    void connectionLimitIsAnsweredWithQuotaExceededOrServerUnavailable() {
        assertThat(ReasonCodes.connack(IngestError.QUOTA_EXCEEDED, 5))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED);
        assertThat(ReasonCodes.connack(IngestError.QUOTA_EXCEEDED, 4))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
        assertThat(ReasonCodes.connack(IngestError.QUOTA_EXCEEDED, 3))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
    }

    @Test
    void mqtt5RefusalUsesTheMqtt5ReasonCode() {
        assertThat(ReasonCodes.connack(IngestError.CLIENT_IDENTIFIER_NOT_VALID, 5))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(ReasonCodes.connack(IngestError.SERVER_UNAVAILABLE, 5))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5);
    }

    @Test
    void idLongerThanTheLimitInUtf8BytesIsRefused() {
        String seventeenCharsThirtyFourBytes = "é".repeat(17);

        ConnectCheck check = ConnectValidator.validate(
                new ConnectRequest(5, seventeenCharsThirtyFourBytes, true, 60), MAX_ID);

        assertThat(check.error()).isEqualTo(IngestError.CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void idWithNullCharacterIsRefused() {
        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(4, "dev\u0000ice", true, 60), MAX_ID);

        assertThat(check.error()).isEqualTo(IngestError.CLIENT_IDENTIFIER_NOT_VALID);
    }

    @Test
    void ordinaryIdIsAcceptedAsIs() {
        ConnectCheck check = ConnectValidator.validate(new ConnectRequest(4, "sensor-42", false, 0), MAX_ID);

        assertThat(check.isAccepted()).isTrue();
        assertThat(check.assigned()).isFalse();
        assertThat(check.clientId()).isEqualTo("sensor-42");
    }
}
