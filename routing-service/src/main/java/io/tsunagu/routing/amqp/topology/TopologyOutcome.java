package io.tsunagu.routing.amqp.topology;

import java.util.Locale;

/** What applying one topology record did to the {@link TopologyModel}; the metric tag of the follower's events. */
public enum TopologyOutcome {
    /** An exchange, queue or binding was added or replaced. */
    PUT,
    /** A tombstone removed the entity of its key. */
    REMOVED,
    /** A tombstone of a key the model does not hold (its value was compacted away with it, or never read). */
    ABSENT,
    /** A value of a version or kind this reader does not know: skipped. */
    SKIPPED;

    /** The lower-case name used as a metric tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
