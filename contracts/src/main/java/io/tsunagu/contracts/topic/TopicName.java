package io.tsunagu.contracts.topic;

import io.tsunagu.contracts.error.IngestError;
import java.nio.charset.StandardCharsets;

/** The rules for MQTT topic names, the topics that PUBLISH packets carry (MQTT 5 §4.7, MQTT 3.1.1 §4.7). */
public final class TopicName {

    /** The level separator [MQTT-4.7.1]. */
    public static final char SEPARATOR = '/';

    private TopicName() {
    }

    /** Checks {@code topic} as the topic name of a PUBLISH. */
    public static TopicValidation validate(String topic, TopicLimits limits) {
        if (topic.isEmpty()) {
            return invalid("topic name is empty [MQTT-4.7.3-1]");
        }
        TopicValidation common = validateCommon(topic, limits, IngestError.TOPIC_NAME_INVALID);
        if (!common.isValid()) {
            return common;
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return invalid("wildcard in a topic name [MQTT-3.3.2-2]");
        }
        return TopicValidation.valid();
    }

    /** Whether {@code topic} is reserved for the server, starting with '$' [MQTT-4.7.2-1]. */
    public static boolean isDollarTopic(String topic) {
        return !topic.isEmpty() && topic.charAt(0) == '$';
    }

    /** The rules shared by names and filters (no U+0000, length and level limits), refused with {@code error}. */
    static TopicValidation validateCommon(String topic, TopicLimits limits, IngestError error) {
        if (topic.indexOf('\u0000') >= 0) {
            return TopicValidation.invalid(error, "topic contains U+0000 [MQTT-4.7.3-2]");
        }
        int length = topic.getBytes(StandardCharsets.UTF_8).length;
        if (length > limits.maxLength()) {
            return TopicValidation.invalid(error,
                    "topic is " + length + " bytes, more than the limit " + limits.maxLength());
        }
        if (levelCount(topic) > limits.maxLevels()) {
            return TopicValidation.invalid(error, "topic has more than " + limits.maxLevels() + " levels");
        }
        return TopicValidation.valid();
    }

    /** The number of levels in a topic name or filter: one more than the number of separators. */
    public static int levelCount(String topic) {
        int count = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == SEPARATOR) {
                count++;
            }
        }
        return count;
    }

    private static TopicValidation invalid(String reason) {
        return TopicValidation.invalid(IngestError.TOPIC_NAME_INVALID, reason);
    }
}
