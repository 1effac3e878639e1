package io.tsunagu.ingest.codec;

import io.tsunagu.contracts.error.IngestError;
import java.util.Optional;

/** Validates the protocol level and client identifier of a CONNECT. Pure functions. */
public final class ConnectValidator {

    private ConnectValidator() {
    }

    /** Checks {@code request} against the protocol rules and the configured identifier length. */
    public static ConnectCheck validate(ConnectRequest request, int maxClientIdLength) {
        int version = request.protocolVersion();
        if (version != MqttVersion.MQTT_3_1_1 && version != MqttVersion.MQTT_5) {
            // MQIsdp (level 3) arrives with issue 3; any other level is refused [MQTT-3.1.2-2].
            return ConnectCheck.refused(IngestError.UNSUPPORTED_PROTOCOL_VERSION,
                    "protocol level " + version + " is not served");
        }
        if (request.hasEmptyClientId()) {
            return validateEmptyClientId(request);
        }
        Optional<String> refusal = ClientIdentifiers.validate(request.clientId(), maxClientIdLength);
        return refusal.map(reason -> ConnectCheck.refused(IngestError.CLIENT_IDENTIFIER_NOT_VALID, reason))
                .orElseGet(() -> ConnectCheck.accepted(request.clientId()));
    }

    private static ConnectCheck validateEmptyClientId(ConnectRequest request) {
        if (request.protocolVersion() == MqttVersion.MQTT_3_1_1 && !request.cleanStart()) {
            // A 3.1.1 client without identifier must ask for a clean session [MQTT-3.1.3-7], else 0x02 [MQTT-3.1.3-8].
            return ConnectCheck.refused(IngestError.CLIENT_IDENTIFIER_NOT_VALID,
                    "empty client identifier with CleanSession=0 [MQTT-3.1.3-8]");
        }
        // The server assigns one [MQTT-3.1.3-6]; MQTT 5 returns it in Assigned Client Identifier [MQTT-3.2.2-16].
        return ConnectCheck.assigned(ClientIdentifiers.assign());
    }
}
