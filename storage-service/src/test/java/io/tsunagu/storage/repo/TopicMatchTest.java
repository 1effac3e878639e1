package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import io.tsunagu.contracts.topic.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SQL that a topic filter becomes selects exactly the topics that {@link TopicFilter#matches} accepts. The
 * conditions are evaluated here as PostgreSQL evaluates them: {@code =}, byte-wise {@code ~>=~}/{@code ~<~} on
 * UTF-8, and the regular expression with '.' matching newlines (PostgreSQL's default for {@code ~}).
 */
class TopicMatchTest {

    /** Marks a level of the topic kept as it is in the derived filter (U+0000 never occurs in generated levels). */
    private static final String KEEP = "\u0000";

    /** Characters that are special somewhere: regex and LIKE metacharacters, '$', newline, multi-byte UTF-8. */
    private static final List<String> ALPHABET = List.of("a", "b", "$", ".", "*", "\\", "(", ")", "[", "]", "{",
            "^", "|", "?", "%", "_", "\n", " ", "-", "é", "日", "\uffff", "\ud83d\ude00", "\udbff\udfff");

    /** A topic and a filter derived from it. */
    record Derived(String topic, String filter) {
    }

    @Test
    void filterDerivedFromTopicAgreesWithTopicFilterMatches() {
        int tries = 3000;
        int[] matching = {0};
        ForAll.check(tries, topicAndDerivedFilter(), derived -> {
            if (assertAgreement(derived.filter(), derived.topic())) {
                matching[0]++;
            }
        });
        // Coverage: both outcomes must be common, or the derivation has drifted to trivial filters.
        assertThat(matching[0]).as("derived filters matching their topic out of %d", tries)
                .isGreaterThan(tries / 5).isLessThan(tries - tries / 5);
    }

    @Test
    void arbitraryFilterAgreesWithTopicFilterMatches() {
        ForAll.check(3000, filters().with(topics(), List::of), pair -> assertAgreement(pair.get(0), pair.get(1)));
    }

    @Test
    void prefixRangeHoldsExactlyTheTopicsStartingWithThePrefix() {
        Gen<String> levels = levels();
        Gen<String> topics = topics();
        Gen<List<String>> samples = random -> List.of(levels.next(random), topics.next(random), levels.next(random));
        ForAll.check(2000, samples, sample -> {
            String prefix = sample.get(0);
            String other = sample.get(1);
            String suffix = sample.get(2);
            TopicMatch match = TopicMatch.startingWith(prefix);
            assertThat(evaluate(match, prefix + suffix)).isTrue();
            assertThat(evaluate(match, other)).isEqualTo(other.startsWith(prefix));
        });
    }

    @Test
    void singleLevelWildcardMatchesExactlyOneLevel() {
        TopicMatch match = TopicMatch.ofFilter("a/+/c");
        assertThat(evaluate(match, "a/b/c")).isTrue();
        assertThat(evaluate(match, "a//c")).isTrue();
        assertThat(evaluate(match, "a/b/c/d")).isFalse();
        assertThat(evaluate(match, "a/c")).isFalse();
    }

    @Test
    void multiLevelWildcardAlsoMatchesTheParentLevel() {
        TopicMatch match = TopicMatch.ofFilter("a/#");
        assertThat(evaluate(match, "a")).isTrue();
        assertThat(evaluate(match, "a/b/c")).isTrue();
        assertThat(evaluate(match, "ab")).isFalse();
    }

    @Test
    void filterStartingWithWildcardDoesNotMatchDollarTopics() {
        assertThat(evaluate(TopicMatch.ofFilter("#"), "$SYS/broker")).isFalse();
        assertThat(evaluate(TopicMatch.ofFilter("+/broker"), "$SYS/broker")).isFalse();
        assertThat(evaluate(TopicMatch.ofFilter("$SYS/#"), "$SYS/broker")).isTrue();
    }

    @Test
    void filterWithoutWildcardIsAnExactMatch() {
        assertThat(TopicMatch.ofFilter("a/b.c")).isEqualTo(TopicMatch.exactly("a/b.c"));
    }

    @Test
    void literalLevelsBeforeTheFirstWildcardBecomeAPrefixRange() {
        TopicMatch match = TopicMatch.ofFilter("sensors/+/temperature");
        assertThat(match.lowerBound()).isEqualTo("sensors/");
        assertThat(match.upperBound()).isEqualTo("sensors0");
        assertThat(match.regex()).isEqualTo("^sensors/[^/]*/temperature$");
    }

    @Test
    void regexMetacharactersInLevelsAreLiteral() {
        TopicMatch match = TopicMatch.ofFilter("a.b/+/(x)");
        assertThat(evaluate(match, "a.b/1/(x)")).isTrue();
        assertThat(evaluate(match, "aXb/1/(x)")).isFalse();
        assertThat(evaluate(match, "a.b/1/x")).isFalse();
    }

    @Test
    void upperBoundSkipsSurrogatesAndCarriesPastTheLastCodePoint() {
        assertThat(TopicMatch.upperBound("a\ud7ff")).isEqualTo("a\ue000");
        assertThat(TopicMatch.upperBound("a\udbff\udfff")).isEqualTo("b");
        assertThat(TopicMatch.upperBound("\udbff\udfff")).isNull();
    }

    private static boolean assertAgreement(String filter, String topic) {
        boolean expected = TopicFilter.matches(filter, topic);
        assertThat(evaluate(TopicMatch.ofFilter(filter), topic))
                .as("filter '%s' on topic '%s'", filter, topic)
                .isEqualTo(expected);
        return expected;
    }

    /** The SQL conditions of {@link SqlBuilder#andTopicMatches} with PostgreSQL's semantics. */
    static boolean evaluate(TopicMatch match, String topic) {
        byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        return (match.exact() == null || topic.equals(match.exact()))
                && (match.lowerBound() == null || Arrays.compareUnsigned(bytes, utf8(match.lowerBound())) >= 0)
                && (match.upperBound() == null || Arrays.compareUnsigned(bytes, utf8(match.upperBound())) < 0)
                && (match.regex() == null || Pattern.compile(match.regex(), Pattern.DOTALL).matcher(topic).matches());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Gen<String> levels() {
        return Gen.elementsOf(ALPHABET).list(0, 3).map(parts -> String.join("", parts));
    }

    static Gen<String> topics() {
        return levels().list(1, 4)
                .map(parts -> String.join("/", parts))
                .filter(topic -> !topic.isEmpty());
    }

    static Gen<String> filters() {
        Gen<String> level = Gen.oneOf(levels(), Gen.constant("+"));
        return level.list(0, 4).with(Gen.booleans(), (parts, hash) -> {
                    List<String> all = new ArrayList<>(parts);
                    if (hash) {
                        all.add("#");
                    }
                    return String.join("/", all);
                })
                .filter(filter -> !filter.isEmpty());
    }

    /** A topic and a filter made from it: levels kept, replaced by '+' or by another literal, maybe cut by '#'. */
    static Gen<Derived> topicAndDerivedFilter() {
        Gen<String> levels = levels();
        return topics().flatMap(topic -> {
            String[] parts = topic.split("/", -1);
            Gen<List<String>> replaced = Gen.ints(0, 3)
                    .with(levels, (choice, other) -> choice == 0 ? "+" : choice == 1 ? other : KEEP)
                    .list(parts.length, parts.length);
            Gen<Integer> cut = Gen.ints(-1, parts.length);
            return replaced.with(cut, (choices, hashAt) -> {
                List<String> filter = new ArrayList<>();
                for (int i = 0; i < parts.length && i != hashAt; i++) {
                    filter.add(KEEP.equals(choices.get(i)) ? parts[i] : choices.get(i));
                }
                if (hashAt >= 0) {
                    filter.add("#");
                }
                return new Derived(topic, String.join("/", filter));
            }).filter(derived -> !derived.filter().isEmpty());
        });
    }
}
