package io.tsunagu.ingest.auth;

import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.contracts.topic.TopicName;
import java.util.Optional;

/**
 * Topic-filter arithmetic for ACL checks. Pure functions.
 *
 * <p>A PUBLISH is allowed when an ACL filter {@linkplain TopicFilter#matches matches} its topic. A SUBSCRIBE is
 * checked once, not per delivered message, so a requested filter is allowed only when an ACL filter
 * {@linkplain #covers covers} it: every topic the requested filter can match is matched by the ACL filter too.
 * That is Mosquitto's rule for subscriptions ({@code mosquitto_sub_matches_acl}): a wildcard in the requested
 * filter is only covered by the same or a wider wildcard in the ACL filter, never by a literal level.
 */
final class AclFilters {

    /** The client-id substitution of a pattern; it must be a whole level. */
    static final String CLIENT_ID = "%c";
    /** The user-name substitution of a pattern; it must be a whole level. */
    static final String USERNAME = "%u";

    private AclFilters() {
    }

    /**
     * Whether every topic name that {@code requested} matches is also matched by {@code acl} (both valid, not
     * shared). Level by level: an ACL {@code #} covers the rest, including the parent level ({@code a/#} covers
     * {@code a}, as {@code a/#} matches {@code a}); an ACL {@code +} covers one level, literal or {@code +}; a
     * literal covers only the same literal. A requested {@code #} is covered only by an ACL {@code #}, or, as the
     * whole filter, by {@code +/#}, which also matches every topic. Filters starting with a wildcard never match
     * topics starting with {@code $} [MQTT-4.7.2-1], so an ACL filter starting with a wildcard does not cover a
     * requested filter starting with a {@code $} level.
     */
    static boolean covers(String acl, String requested) {
        String[] aclLevels = acl.split("/", -1);
        String[] levels = requested.split("/", -1);
        if (TopicName.isDollarTopic(levels[0]) && isWildcard(aclLevels[0])) {
            return false;
        }
        for (int i = 0; i < aclLevels.length; i++) {
            if (aclLevels[i].equals(TopicFilter.MULTI_LEVEL)) {
                return true;
            }
            if (i >= levels.length) {
                return false;
            }
            if (levels[i].equals(TopicFilter.MULTI_LEVEL)) {
                return i == 0 && isAnyLevelThenRest(aclLevels);
            }
            boolean levelCovered = aclLevels[i].equals(TopicFilter.SINGLE_LEVEL) || aclLevels[i].equals(levels[i]);
            if (!levelCovered) {
                return false;
            }
        }
        return aclLevels.length == levels.length;
    }

    /**
     * The filter of {@code pattern} for {@code client}: each {@code %c} level replaced by its client id and each
     * {@code %u} level by its user name; empty when the pattern has a {@code %u} level and the client sent no
     * user name or an empty one (the line does not apply to it, as in Mosquitto).
     */
    static Optional<String> expand(String pattern, ClientIdentity client) {
        String[] levels = pattern.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals(CLIENT_ID)) {
                levels[i] = client.clientId();
            } else if (levels[i].equals(USERNAME)) {
                if (!client.hasUsername() || client.username().isEmpty()) {
                    return Optional.empty();
                }
                levels[i] = client.username();
            }
        }
        return Optional.of(String.join("/", levels));
    }

    /**
     * Whether {@code value} (a client id or user name) can stand for a level of a pattern: without '/', '+' or '#',
     * which would let a client widen a pattern to other clients' topics (Mosquitto refuses pattern access to such
     * clients for the same reason).
     */
    static boolean isSafeLevel(String value) {
        return value.indexOf('/') < 0 && !TopicFilter.hasWildcard(value);
    }

    /** The filter a subscription matches topics with: {@code $share/{ShareName}/} removed (MQTT 5 §4.8.2). */
    static String withoutSharePrefix(String filter) {
        if (!TopicFilter.isShared(filter)) {
            return filter;
        }
        int end = filter.indexOf('/', TopicFilter.SHARE_PREFIX.length());
        return end < 0 ? filter : filter.substring(end + 1);
    }

    /**
     * Whether {@code aclLevels} is {@code +/#}: it matches every topic of one level or more, which is every topic,
     * so it covers a requested {@code #} as the whole filter. (After a literal prefix it does not: {@code a/+/#}
     * misses {@code a}, which {@code a/#} matches.)
     */
    private static boolean isAnyLevelThenRest(String[] aclLevels) {
        return aclLevels.length == 2 && aclLevels[0].equals(TopicFilter.SINGLE_LEVEL)
                && aclLevels[1].equals(TopicFilter.MULTI_LEVEL);
    }

    private static boolean isWildcard(String level) {
        return level.equals(TopicFilter.SINGLE_LEVEL) || level.equals(TopicFilter.MULTI_LEVEL);
    }
}
