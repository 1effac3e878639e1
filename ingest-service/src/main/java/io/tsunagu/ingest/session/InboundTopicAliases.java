package io.tsunagu.ingest.session;

import io.tsunagu.contracts.error.IngestError;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The Topic Aliases an MQTT 5 client set on this connection, up to the Topic Alias Maximum we sent in CONNACK
 * (MQTT 5 §3.3.2.3.4). Mappings live and die with the connection [MQTT-3.3.2-7]. Event-loop only: not thread-safe.
 */
public final class InboundTopicAliases {

    /** Shared by every connection until its first alias: most clients set none. */
    private static final Map<Integer, String> NONE = Map.of();

    private final int maximum;
    private Map<Integer, String> topics = NONE;

    /** Aliases 1 to {@code maximum}; 0 accepts none. */
    public InboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /**
     * The topic of a PUBLISH after its alias is applied.
     *
     * @param topic the topic to process the PUBLISH with, or null when refused
     * @param error the refusal, or null
     * @param reason why it was refused (for logs), or null
     */
    public record Resolution(String topic, IngestError error, String reason) {

        /** True when the PUBLISH may go on with {@link #topic()}. */
        public boolean isResolved() {
            return error == null;
        }

        static Resolution resolved(String topic) {
            return new Resolution(topic, null, null);
        }

        static Resolution refused(IngestError error, String reason) {
            return new Resolution(null, error, reason);
        }
    }

    /**
     * Applies {@code alias} to a PUBLISH with {@code topic} (MQTT 5 §3.3.2.3.4): an alias of 0 or above our maximum
     * is refused with 0x94 [MQTT-3.3.2-8] [MQTT-3.3.2-9]; a topic with an alias sets (or replaces) its mapping,
     * for every alias up to our maximum [MQTT-3.3.2-12]; an empty topic takes the alias's mapping, and an alias
     * with no mapping yet is a Protocol Error (0x82). Without an alias the topic is left as it is (an empty one is
     * the validator's to refuse).
     */
    public Resolution resolve(String topic, OptionalInt alias) {
        if (alias.isEmpty()) {
            return Resolution.resolved(topic);
        }
        int value = alias.getAsInt();
        if (value == 0) {
            return Resolution.refused(IngestError.TOPIC_ALIAS_INVALID, "topic alias 0 [MQTT-3.3.2-8]");
        }
        if (value > maximum) {
            return Resolution.refused(IngestError.TOPIC_ALIAS_INVALID,
                    "topic alias " + value + " above our Topic Alias Maximum " + maximum + " [MQTT-3.3.2-9]");
        }
        if (topics == NONE) {
            topics = new HashMap<>();
        }
        if (!topic.isEmpty()) {
            topics.put(value, topic);
            return Resolution.resolved(topic);
        }
        String mapped = topics.get(value);
        if (mapped == null) {
            return Resolution.refused(IngestError.PROTOCOL_ERROR,
                    "empty topic with topic alias " + value + ", which has no mapping (MQTT 5 §3.3.2.3.4)");
        }
        return Resolution.resolved(mapped);
    }
}
