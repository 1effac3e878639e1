package io.tsunagu.ingest.codec;

import io.tsunagu.contracts.error.IngestError;
import java.util.Optional;

/** Validates the protocol level and client identifier of a CONNECT. Pure functions. */
public final class ConnectValidator {

    private ConnectValidator() {
    }

    /** Checks {@code request} against the protocol rules and the configured identifier lengths. */
    public static ConnectCheck validate(ConnectRequest request, ClientIdLimits limits) {
        int version = request.protocolVersion();
        if (version != MqttVersion.MQTT_3_1 && version != MqttVersion.MQTT_3_1_1 && version != MqttVersion.MQTT_5) {
            // Levels 3 (MQIsdp), 4 and 5 are served; any other is refused [MQTT-3.1.2-2].
            return ConnectCheck.refused(IngestError.UNSUPPORTED_PROTOCOL_VERSION,
                    "protocol level " + version + " is not served");
        }
        if (version == MqttVersion.MQTT_3_1) {
            return validateMqtt31ClientId(request, limits.mqtt31MaxCharacters());
        }
        if (request.hasEmptyClientId()) {
            return validateEmptyClientId(request);
        }
        Optional<String> refusal = ClientIdentifiers.validate(request.clientId(), limits.maxBytes());
        return refusal.map(reason -> ConnectCheck.refused(IngestError.CLIENT_IDENTIFIER_NOT_VALID, reason))
                .orElseGet(() -> ConnectCheck.accepted(request.clientId()));
    }

    /**
     * MQTT 3.1 has no assigned identifiers: the client identifier must be 1 to 23 characters (or up to the
     * configured 3.1 limit), else CONNACK 2, identifier rejected (MQTT 3.1 §3.1, CONNECT payload).
     */
    private static ConnectCheck validateMqtt31ClientId(ConnectRequest request, int maxCharacters) {
        Optional<String> refusal = ClientIdentifiers.validateMqtt31(request.clientId(), maxCharacters);
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
