package io.tsunagu.routing.retained;

import java.util.Locale;

/** What applying one retained-stream record did to the {@link RetainedStore}. */
public enum RetainedOutcome {
    /** A retained message was stored for its topic, replacing any earlier one. */
    STORED,
    /** A tombstone (or a record with an empty payload) removed the topic's retained message [MQTT-3.3.1-6]. */
    REMOVED;

    /** The lower-case name used as a metric tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
