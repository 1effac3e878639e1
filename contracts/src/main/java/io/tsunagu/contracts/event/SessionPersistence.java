package io.tsunagu.contracts.event;

import java.time.Instant;
import java.util.Objects;

/**
 * How long a session outlives its connection, and when the state that says so was written.
 *
 * @param expiryInterval the Session Expiry Interval in seconds: 0 ends the session with its connection,
 *     {@link #NEVER} keeps it until the client ends it (MQTT 5 §3.1.2.11.2; a 3.1.1 session with Clean Session 0
 *     never expires [MQTT-3.1.2-4])
 * @param updatedAt when the event was written; a disconnected session expires {@code expiryInterval} after it
 */
public record SessionPersistence(long expiryInterval, Instant updatedAt) {

    /** The interval of a session that never expires (MQTT 5 §3.1.2.11.2). */
    public static final long NEVER = 0xFFFF_FFFFL;

    private static final SessionPersistence NONE = new SessionPersistence(0, Instant.EPOCH);

    public SessionPersistence {
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (expiryInterval < 0 || expiryInterval > NEVER) {
            throw new IllegalArgumentException("session expiry interval out of range: " + expiryInterval);
        }
    }

    /** A session that ends with its connection. */
    public static SessionPersistence none() {
        return NONE;
    }

    /** When a session disconnected at {@link #updatedAt()} expires; {@link Instant#MAX} when it never does. */
    public Instant expiresAt() {
        return expiryInterval == NEVER ? Instant.MAX : updatedAt.plusSeconds(expiryInterval);
    }
}
