package io.tsunagu.ingest.transport;

/** What became of a will: the {@code outcome} tag of {@code tsunagu.ingest.wills}. */
enum WillOutcome {
    /** Handed off to the publish stream (and the retained stream when retained). */
    PUBLISHED("published"),
    /** Not published: the client connected again within its Will Delay Interval [MQTT-3.1.3-9]. */
    CANCELLED("cancelled"),
    /**
     * Left in the persistent session's state (DISCONNECTED) for routing, which publishes it when its delay passes or
     * the session ends, unless the client connects again first [MQTT-3.1.3-9].
     */
    HANDED_OVER("handed-over"),
    /** Not published: the authorizer refused its topic. */
    REFUSED("refused"),
    /** Not published: Kafka did not take it. */
    FAILED("failed");

    private final String tag;

    WillOutcome(String tag) {
        this.tag = tag;
    }

    /** The metric tag value. */
    String tag() {
        return tag;
    }
}
