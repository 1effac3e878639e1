package io.tsunagu.ingest.codec;

/**
 * What an MQTT 5 client asked for in its CONNECT properties (MQTT 5 §3.1.2.11); MQTT 3.1.1 clients get
 * {@link #defaults()}.
 *
 * @param receiveMaximum most unacknowledged QoS 1/2 messages the client accepts from us (§3.1.2.11.3)
 * @param maximumPacketSize largest packet the client accepts from us, in bytes (§3.1.2.11.4)
 * @param problemInformation false when the client asked not to get reason strings on acks (§3.1.2.11.7)
 * @param sessionExpiryInterval seconds the client wants its session kept after disconnect (§3.1.2.11.2)
 * @param topicAliasMaximum highest Topic Alias the client accepts from us, 0 for none (§3.1.2.11.5)
 */
public record ClientSettings(
        int receiveMaximum,
        long maximumPacketSize,
        boolean problemInformation,
        long sessionExpiryInterval,
        int topicAliasMaximum) {

    /** Receive Maximum when the client sends none: 65,535 (MQTT 5 §3.1.2.11.3). */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    /** The largest packet MQTT can express: the limit when the client sends no Maximum Packet Size. */
    public static final long NO_PACKET_SIZE_LIMIT = 268_435_460L;

    private static final ClientSettings DEFAULTS =
            new ClientSettings(DEFAULT_RECEIVE_MAXIMUM, NO_PACKET_SIZE_LIMIT, true, 0, 0);

    /** The settings of a client that sent no properties. */
    public static ClientSettings defaults() {
        return DEFAULTS;
    }
}
