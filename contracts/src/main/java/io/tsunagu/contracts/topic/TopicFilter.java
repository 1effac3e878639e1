package io.tsunagu.contracts.topic;

import io.tsunagu.contracts.error.IngestError;

/**
 * The rules for MQTT topic filters, the patterns that SUBSCRIBE and UNSUBSCRIBE carry (MQTT 5 §4.7), and the
 * reference definition of which topic names a filter matches.
 */
public final class TopicFilter {

    /** The multi-level wildcard [MQTT-4.7.1.2]. */
    public static final String MULTI_LEVEL = "#";
    /** The single-level wildcard [MQTT-4.7.1.3]. */
    public static final String SINGLE_LEVEL = "+";
    /** The prefix of a shared subscription (MQTT 5 §4.8.2). */
    public static final String SHARE_PREFIX = "$share/";

    private TopicFilter() {
    }

    /** Checks {@code filter} as a topic filter of SUBSCRIBE or UNSUBSCRIBE. */
    public static TopicValidation validate(String filter, TopicLimits limits) {
        if (filter.isEmpty()) {
            return invalid("topic filter is empty [MQTT-4.7.3-1]");
        }
        TopicValidation common = TopicName.validateCommon(filter, limits, IngestError.TOPIC_FILTER_INVALID);
        if (!common.isValid()) {
            return common;
        }
        if (isShared(filter)) {
            return validateShared(filter);
        }
        return validateWildcards(filter);
    }

    /** Whether {@code filter} names a shared subscription, {@code $share/{ShareName}/{filter}}. */
    public static boolean isShared(String filter) {
        return filter.startsWith(SHARE_PREFIX);
    }

    /** Whether {@code filter} contains a wildcard level. */
    public static boolean hasWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /**
     * Whether {@code filter} (valid, not shared) matches the topic name {@code topic}. A filter that starts with a
     * wildcard does not match a topic that starts with '$' [MQTT-4.7.2-1]; "a/#" also matches "a" (MQTT 5 §4.7.1.2).
     */
    public static boolean matches(String filter, String topic) {
        if (TopicName.isDollarTopic(topic) && (filter.startsWith(SINGLE_LEVEL) || filter.startsWith(MULTI_LEVEL))) {
            return false;
        }
        String[] filterLevels = filter.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        for (int i = 0; i < filterLevels.length; i++) {
            if (filterLevels[i].equals(MULTI_LEVEL)) {
                return true;
            }
            if (i >= topicLevels.length) {
                return false;
            }
            if (!filterLevels[i].equals(SINGLE_LEVEL) && !filterLevels[i].equals(topicLevels[i])) {
                return false;
            }
        }
        return filterLevels.length == topicLevels.length;
    }

    private static TopicValidation validateWildcards(String filter) {
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains(MULTI_LEVEL) && (!level.equals(MULTI_LEVEL) || i != levels.length - 1)) {
                return invalid("'#' must be a whole level and the last one [MQTT-4.7.1-1]");
            }
            if (level.contains(SINGLE_LEVEL) && !level.equals(SINGLE_LEVEL)) {
                return invalid("'+' must be a whole level [MQTT-4.7.1-2]");
            }
        }
        return TopicValidation.valid();
    }

    private static TopicValidation validateShared(String filter) {
        int end = filter.indexOf('/', SHARE_PREFIX.length());
        if (end < 0 || end == SHARE_PREFIX.length() || end == filter.length() - 1) {
            return invalid("shared subscription needs $share/{ShareName}/{filter} [MQTT-4.8.2-1]");
        }
        String shareName = filter.substring(SHARE_PREFIX.length(), end);
        if (hasWildcard(shareName)) {
            return invalid("share name must not contain '+' or '#' [MQTT-4.8.2-2]");
        }
        return validateWildcards(filter.substring(end + 1));
    }

    private static TopicValidation invalid(String reason) {
        return TopicValidation.invalid(IngestError.TOPIC_FILTER_INVALID, reason);
    }
}
