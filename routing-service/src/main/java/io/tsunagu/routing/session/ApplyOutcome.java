package io.tsunagu.routing.session;

import java.util.Locale;

/** What applying one session-stream record did to the {@link SessionTable}. */
public enum ApplyOutcome {
    /** A CONNECTED event set the client's node and subscriptions. */
    CONNECTED,
    /**
     * The session is now DISCONNECTED: a DISCONNECTED event, or a CONNECTED event of a node's earlier run for a
     * persistent session, whose connection is gone.
     */
    DISCONNECTED,
    /** An ENDED event or a tombstone removed the client's session (or a node's heartbeats). */
    REMOVED,
    /**
     * A DISCONNECTED or ENDED event that no longer applies: the client reconnected elsewhere, or the session's state
     * was written after it.
     */
    SUPERSEDED,
    /** An event from an earlier run of its node: that run's connections are gone. */
    STALE,
    /** A TAKEOVER request: the session stays with its holder until the holder writes DISCONNECTED. */
    TAKEOVER,
    /** A heartbeat of an ingest node. */
    HEARTBEAT;

    /** The lower-case name used as a metric tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
