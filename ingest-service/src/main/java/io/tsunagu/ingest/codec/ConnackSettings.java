package io.tsunagu.ingest.codec;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The per-connection values of an MQTT 5 CONNACK.
 *
 * @param receiveMaximum our Receive Maximum (§3.2.2.3.3)
 * @param maximumPacketSize our Maximum Packet Size (§3.2.2.3.6)
 * @param assignedClientId the identifier we assigned, or null when the client chose its own
 * @param serverKeepAlive the keep-alive the client must use instead of its own, when we override it
 * @param grantedSessionExpiry the Session Expiry Interval we grant when it differs from what the client asked for
 *     (MQTT 5 §3.2.2.3.2), in seconds; empty when granted as asked
 * @param topicAliasMaximum the highest Topic Alias the client may send us (§3.2.2.3.8), 0 for none
 */
public record ConnackSettings(
        int receiveMaximum,
        int maximumPacketSize,
        String assignedClientId,
        OptionalInt serverKeepAlive,
        OptionalLong grantedSessionExpiry,
        int topicAliasMaximum) {
}
