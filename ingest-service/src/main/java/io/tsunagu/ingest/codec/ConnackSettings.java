package io.tsunagu.ingest.codec;

import java.util.OptionalInt;

/**
 * The per-connection values of an MQTT 5 CONNACK.
 *
 * @param receiveMaximum our Receive Maximum (§3.2.2.3.3)
 * @param maximumPacketSize our Maximum Packet Size (§3.2.2.3.6)
 * @param assignedClientId the identifier we assigned, or null when the client chose its own
 * @param serverKeepAlive the keep-alive the client must use instead of its own, when we override it
 * @param sessionExpiryOverridden true when the client asked for a session expiry we do not grant (we keep 0)
 * @param topicAliasMaximum the highest Topic Alias the client may send us (§3.2.2.3.8), 0 for none
 */
public record ConnackSettings(
        int receiveMaximum,
        int maximumPacketSize,
        String assignedClientId,
        OptionalInt serverKeepAlive,
        boolean sessionExpiryOverridden,
        int topicAliasMaximum) {
}
