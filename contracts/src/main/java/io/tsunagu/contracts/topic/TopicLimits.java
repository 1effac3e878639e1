package io.tsunagu.contracts.topic;

/**
 * Configured bounds on topic names and filters, checked on top of the protocol's own rules.
 *
 * @param maxLength the largest topic name or filter, in UTF-8 bytes (the protocol allows 65,535)
 * @param maxLevels the most levels (parts between '/') a topic name or filter may have
 */
public record TopicLimits(int maxLength, int maxLevels) {

    /** The protocol's own bound on a UTF-8 string [MQTT-1.5.4-1]. */
    public static final int PROTOCOL_MAX_LENGTH = 65_535;

    public TopicLimits {
        if (maxLength < 1 || maxLength > PROTOCOL_MAX_LENGTH) {
            throw new IllegalArgumentException("maxLength must be 1.." + PROTOCOL_MAX_LENGTH + ": " + maxLength);
        }
        if (maxLevels < 1) {
            throw new IllegalArgumentException("maxLevels must be positive: " + maxLevels);
        }
    }

    /** Only the protocol's own bounds. */
    public static TopicLimits protocol() {
        return new TopicLimits(PROTOCOL_MAX_LENGTH, PROTOCOL_MAX_LENGTH);
    }
}
