package io.tsunagu.ingest.codec;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** Rules for client identifiers (MQTT 5 §3.1.3.1, MQTT 3.1.1 §3.1.3.1, MQTT 3.1 §3.1). Pure functions. */
public final class ClientIdentifiers {

    /** Prefix of identifiers the server assigns, so they are easy to tell apart in logs. */
    public static final String ASSIGNED_PREFIX = "auto-";

    private ClientIdentifiers() {
    }

    /** A new unique identifier for a client that sent an empty one [MQTT-3.1.3-6]. */
    public static String assign() {
        return ASSIGNED_PREFIX + UUID.randomUUID();
    }

    /**
     * Why {@code clientId} is refused, or empty when it is acceptable: at most {@code maxBytes} UTF-8 bytes (the
     * server may allow more than 23 [MQTT-3.1.3-5]) and no control characters, U+0000 above all, which MQTT
     * strings must not contain [MQTT-1.5.4-2] and which separates the parts of our stream keys.
     */
    public static Optional<String> validate(String clientId, int maxBytes) {
        int length = clientId.getBytes(StandardCharsets.UTF_8).length;
        if (length > maxBytes) {
            return Optional.of("client identifier is " + length + " bytes, more than " + maxBytes);
        }
        return validateCharacters(clientId);
    }

    /**
     * Why the identifier of an MQTT 3.1 client is refused, or empty when it is acceptable: 3.1 requires 1 to 23
     * characters and has no identifiers assigned by the server; {@code maxCharacters} may allow more, as Mosquitto
     * does. Control characters are refused as for the later levels.
     */
    public static Optional<String> validateMqtt31(String clientId, int maxCharacters) {
        if (clientId == null || clientId.isEmpty()) {
            return Optional.of("empty client identifier: MQTT 3.1 requires 1 to 23 characters");
        }
        int length = clientId.codePointCount(0, clientId.length());
        if (length > maxCharacters) {
            return Optional.of("MQTT 3.1 client identifier is " + length + " characters, more than " + maxCharacters);
        }
        return validateCharacters(clientId);
    }

    private static Optional<String> validateCharacters(String clientId) {
        for (int i = 0; i < clientId.length(); i++) {
            if (Character.isISOControl(clientId.charAt(i))) {
                return Optional.of("client identifier contains a control character [MQTT-1.5.4-2]");
            }
        }
        return Optional.empty();
    }
}
