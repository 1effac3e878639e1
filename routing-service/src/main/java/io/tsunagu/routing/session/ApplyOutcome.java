package io.tsunagu.routing.session;

import java.util.Locale;

/** What applying one session-stream record did to the {@link SessionTable}. */
public enum ApplyOutcome {
    /** A CONNECTED event set the client's node and subscriptions. */
    CONNECTED,
    /** An ENDED event or a tombstone removed the client's session. */
    REMOVED,
    /** An ENDED event for a connection that is no longer the client's current one (it reconnected elsewhere). */
    SUPERSEDED,
    /** An event from an earlier run of its node: that run's connections are gone. */
    STALE;

    /** The lower-case name used as a metric tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
