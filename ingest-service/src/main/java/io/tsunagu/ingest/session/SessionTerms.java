package io.tsunagu.ingest.session;

/**
 * What a CONNECT asked of its session and what it was granted.
 *
 * @param cleanStart MQTT 5 Clean Start, MQTT 3.1/3.1.1 Clean Session: discard any existing session [MQTT-3.1.2-4]
 * @param requestedExpiry the Session Expiry Interval of CONNECT in seconds (MQTT 5; 0 when absent or before MQTT 5)
 * @param grantedExpiry the interval granted ({@link SessionExpiry#atConnect}); above 0 the session is persistent
 */
public record SessionTerms(boolean cleanStart, long requestedExpiry, long grantedExpiry) {

    /** Whether the session outlives the connection. */
    public boolean isPersistent() {
        return grantedExpiry > 0;
    }

    /**
     * Whether the existing session must be looked up before CONNACK: to resume it (Clean Start 0) or because the new
     * one persists (an existing one is then taken over or discarded).
     */
    public boolean needsLookup() {
        return isPersistent() || !cleanStart;
    }
}
