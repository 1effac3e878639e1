package io.tsunagu.ingest.codec;

/**
 * The configured limits on client identifiers.
 *
 * @param maxBytes longest identifier of an MQTT 3.1.1 or 5 client, in UTF-8 bytes (at least 23 [MQTT-3.1.3-5])
 * @param mqtt31MaxCharacters longest identifier of an MQTT 3.1 client, in characters (3.1 itself allows 23)
 */
public record ClientIdLimits(int maxBytes, int mqtt31MaxCharacters) {
}
