package io.tsunagu.ingest.session;

import io.tsunagu.ingest.codec.MqttVersion;
import java.util.OptionalLong;

/**
 * How long a session outlives its connection: the Session Expiry Interval granted at CONNECT and changed by an MQTT 5
 * DISCONNECT (MQTT 5 §3.1.2.11.2, §3.14.2.2.2). Pure functions.
 */
public final class SessionExpiry {

    /** The interval of a session that never expires: 0xFFFFFFFF (MQTT 5 §3.1.2.11.2). */
    public static final long NEVER = 0xFFFF_FFFFL;

    private SessionExpiry() {
    }

    /**
     * The outcome of a Session Expiry Interval in DISCONNECT.
     *
     * @param expiry the interval that now applies, in seconds
     * @param protocolError true when the client set a non-zero interval after CONNECT asked for 0, which is a
     *     Protocol Error: the DISCONNECT is not valid, so the will is published and the interval stays
     */
    public record Change(long expiry, boolean protocolError) {
    }

    /**
     * The interval granted at CONNECT, in seconds, capped by {@code maxSeconds}. MQTT 5: the client's Session Expiry
     * Interval (absent is 0). MQTT 3.1/3.1.1: Clean Session 0 keeps the session after the connection
     * [MQTT-3.1.2-4] [MQTT-3.1.2-5] with no expiry in the protocol, so it never expires unless the cap says so;
     * Clean Session 1 ends it with the connection [MQTT-3.1.2-6].
     */
    public static long atConnect(int protocolVersion, boolean cleanStart, long requested, long maxSeconds) {
        long wanted;
        if (MqttVersion.isMqtt5(protocolVersion)) {
            wanted = requested;
        } else {
            wanted = cleanStart ? 0 : NEVER;
        }
        return Math.min(wanted, Math.min(maxSeconds, NEVER));
    }

    /**
     * The interval after an MQTT 5 DISCONNECT that carried {@code requested} (empty: absent, the interval stays,
     * MQTT 5 §3.14.2.2.2), given what CONNECT asked for and what applies now. A non-zero value after a CONNECT that asked
     * for 0 is a Protocol Error (MQTT 5 §3.14.2.2.2); any other value applies, capped by {@code maxSeconds}.
     */
    public static Change atDisconnect(long requestedAtConnect, long current, OptionalLong requested, long maxSeconds) {
        if (requested.isEmpty()) {
            return new Change(current, false);
        }
        if (requestedAtConnect == 0 && requested.getAsLong() > 0) {
            return new Change(current, true);
        }
        return new Change(Math.min(requested.getAsLong(), Math.min(maxSeconds, NEVER)), false);
    }
}
