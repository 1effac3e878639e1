package io.tsunagu.storage.repo;

import io.tsunagu.contracts.topic.TopicFilter;
import java.util.Arrays;

/**
 * Which topics a query selects, as the SQL conditions that {@link MessageRepository}, {@link TopicRepository} and
 * {@link RetainedRepository} apply to a {@code topic} column. Every part is optional and they are combined with AND:
 *
 * <ul>
 *   <li>{@code exact}: {@code topic = exact};</li>
 *   <li>{@code lowerBound}/{@code upperBound}: the byte-wise range {@code topic ~>=~ lower AND topic ~<~ upper}
 *       that holds exactly the topics starting with a literal prefix, so a {@code text_pattern_ops} index narrows
 *       the scan (a range of parameters, unlike {@code LIKE $1}, stays indexable in a generic plan);</li>
 *   <li>{@code regex}: a regular expression, anchored at both ends, in the syntax that PostgreSQL's advanced
 *       regular expressions and {@link java.util.regex.Pattern} (with DOTALL) read alike.</li>
 * </ul>
 *
 * @param exact the one topic selected, or null
 * @param lowerBound inclusive byte-wise lower bound, or null
 * @param upperBound exclusive byte-wise upper bound, or null
 * @param regex anchored regular expression the topic must match, or null
 */
public record TopicMatch(String exact, String lowerBound, String upperBound, String regex) {

    private static final TopicMatch ALL = new TopicMatch(null, null, null, null);
    private static final String REGEX_METACHARACTERS = "\\^$.|?*+()[]{}";
    private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

    /** Every topic. */
    public static TopicMatch all() {
        return ALL;
    }

    /** Exactly {@code topic}. */
    public static TopicMatch exactly(String topic) {
        return new TopicMatch(topic, null, null, null);
    }

    /** The topics that start with {@code prefix} (taken literally). */
    public static TopicMatch startingWith(String prefix) {
        if (prefix.isEmpty()) {
            return ALL;
        }
        return new TopicMatch(null, prefix, upperBound(prefix), null);
    }

    /**
     * The topics that the MQTT topic filter {@code filter} (valid, not shared) matches, as
     * {@link TopicFilter#matches} defines it: '+' is one level, a trailing '#' is the parent level and any number of
     * levels below it (MQTT 5 §4.7.1.2), and a filter that starts with a wildcard matches no topic starting with '$'
     * [MQTT-4.7.2-1]. The levels before the first wildcard become a literal prefix range.
     */
    public static TopicMatch ofFilter(String filter) {
        if (!TopicFilter.hasWildcard(filter)) {
            return exactly(filter);
        }
        String[] levels = filter.split("/", -1);
        String prefix = literalPrefix(levels);
        TopicMatch range = startingWith(prefix);
        return new TopicMatch(null, range.lowerBound(), range.upperBound(), toRegex(levels));
    }

    /** Whether every part is absent, so that any topic is selected. */
    public boolean isAll() {
        return exact == null && lowerBound == null && upperBound == null && regex == null;
    }

    /**
     * The text every matching topic starts with: the literal levels before the first wildcard, with the separator
     * after them unless the wildcard is a '#' (which also matches the parent level itself).
     */
    private static String literalPrefix(String[] levels) {
        int firstWildcard = 0;
        while (!isWildcard(levels[firstWildcard])) {
            firstWildcard++;
        }
        if (firstWildcard == 0) {
            return "";
        }
        String literal = String.join("/", Arrays.copyOf(levels, firstWildcard));
        return TopicFilter.MULTI_LEVEL.equals(levels[firstWildcard]) ? literal : literal + "/";
    }

    private static String toRegex(String[] levels) {
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < levels.length; i++) {
            regex.append(levelRegex(levels[i], i));
        }
        return regex.append('$').toString();
    }

    private static String levelRegex(String level, int index) {
        boolean first = index == 0;
        if (TopicFilter.MULTI_LEVEL.equals(level)) {
            // Leading '#' matches every topic not starting with '$'; a later one the parent and everything below.
            return first ? "([^$].*)?" : "(/.*)?";
        }
        String separator = first ? "" : "/";
        if (TopicFilter.SINGLE_LEVEL.equals(level)) {
            // A leading '+' matches an empty first level or one that does not start with '$'.
            return first ? "([^$/][^/]*)?" : separator + "[^/]*";
        }
        return separator + quote(level);
    }

    /**
     * {@code text} as a literal in a regular expression: each metacharacter behind a backslash. A backslash before a
     * non-alphanumeric character means that character in PostgreSQL's AREs and in java.util.regex alike (unlike
     * {@code \Q...\E}, which PostgreSQL lacks).
     */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (REGEX_METACHARACTERS.indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }

    /**
     * The smallest string greater, byte-wise in UTF-8, than every string starting with {@code prefix}: the prefix
     * with its last code point incremented (skipping the surrogate range), or null when every code point is already
     * the largest one. UTF-8 byte order is code point order, which is the order of {@code text_pattern_ops}.
     */
    static String upperBound(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            int next = codePoints[i] + 1;
            if (next == Character.MIN_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= MAX_CODE_POINT) {
                return new String(codePoints, 0, i) + Character.toString(next);
            }
        }
        return null;
    }

    private static boolean isWildcard(String level) {
        return TopicFilter.SINGLE_LEVEL.equals(level) || TopicFilter.MULTI_LEVEL.equals(level);
    }
}
