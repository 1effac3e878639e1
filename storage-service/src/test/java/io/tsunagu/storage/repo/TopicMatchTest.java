package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.topic.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

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

    @Property(tries = 3000)
    void filterDerivedFromTopicAgreesWithTopicFilterMatches(
            @ForAll("topicAndDerivedFilter") Tuple2<String, String> pair) {
        boolean matches = assertAgreement(pair.get2(), pair.get1());
        Statistics.collect(matches);
        Statistics.coverage(coverage -> {
            coverage.check(true).percentage(p -> p > 20);
            coverage.check(false).percentage(p -> p > 20);
        });
    }

    @Property(tries = 3000)
    void arbitraryFilterAgreesWithTopicFilterMatches(@ForAll("filters") String filter,
            @ForAll("topics") String topic) {
        assertAgreement(filter, topic);
    }

    @Property(tries = 2000)
    void prefixRangeHoldsExactlyTheTopicsStartingWithThePrefix(@ForAll("levels") String prefix,
            @ForAll("topics") String other, @ForAll("levels") String suffix) {
        TopicMatch match = TopicMatch.startingWith(prefix);
        assertThat(evaluate(match, prefix + suffix)).isTrue();
        assertThat(evaluate(match, other)).isEqualTo(other.startsWith(prefix));
    }

    @Example
    void singleLevelWildcardMatchesExactlyOneLevel() {
        TopicMatch match = TopicMatch.ofFilter("a/+/c");
        assertThat(evaluate(match, "a/b/c")).isTrue();
        assertThat(evaluate(match, "a//c")).isTrue();
        assertThat(evaluate(match, "a/b/c/d")).isFalse();
        assertThat(evaluate(match, "a/c")).isFalse();
    }

    @Example
    void multiLevelWildcardAlsoMatchesTheParentLevel() {
        TopicMatch match = TopicMatch.ofFilter("a/#");
        assertThat(evaluate(match, "a")).isTrue();
        assertThat(evaluate(match, "a/b/c")).isTrue();
        assertThat(evaluate(match, "ab")).isFalse();
    }

    @Example
    void filterStartingWithWildcardDoesNotMatchDollarTopics() {
        assertThat(evaluate(TopicMatch.ofFilter("#"), "$SYS/broker")).isFalse();
        assertThat(evaluate(TopicMatch.ofFilter("+/broker"), "$SYS/broker")).isFalse();
        assertThat(evaluate(TopicMatch.ofFilter("$SYS/#"), "$SYS/broker")).isTrue();
    }

    @Example
    void filterWithoutWildcardIsAnExactMatch() {
        assertThat(TopicMatch.ofFilter("a/b.c")).isEqualTo(TopicMatch.exactly("a/b.c"));
    }

    @Example
    void literalLevelsBeforeTheFirstWildcardBecomeAPrefixRange() {
        TopicMatch match = TopicMatch.ofFilter("sensors/+/temperature");
        assertThat(match.lowerBound()).isEqualTo("sensors/");
        assertThat(match.upperBound()).isEqualTo("sensors0");
        assertThat(match.regex()).isEqualTo("^sensors/[^/]*/temperature$");
    }

    @Example
    void regexMetacharactersInLevelsAreLiteral() {
        TopicMatch match = TopicMatch.ofFilter("a.b/+/(x)");
        assertThat(evaluate(match, "a.b/1/(x)")).isTrue();
        assertThat(evaluate(match, "aXb/1/(x)")).isFalse();
        assertThat(evaluate(match, "a.b/1/x")).isFalse();
    }

    @Example
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

    @Provide
    static Arbitrary<String> levels() {
        return Arbitraries.of(ALPHABET).list().ofMaxSize(3).map(parts -> String.join("", parts));
    }

    @Provide
    static Arbitrary<String> topics() {
        return levels().list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join("/", parts))
                .filter(topic -> !topic.isEmpty());
    }

    @Provide
    static Arbitrary<String> filters() {
        Arbitrary<String> level = Arbitraries.oneOf(levels(), Arbitraries.just("+"));
        return Combinators.combine(level.list().ofMaxSize(4), Arbitraries.of(true, false))
                .as((parts, hash) -> {
                    List<String> all = new ArrayList<>(parts);
                    if (hash) {
                        all.add("#");
                    }
                    return String.join("/", all);
                })
                .filter(filter -> !filter.isEmpty());
    }

    /** A topic and a filter made from it: levels kept, replaced by '+' or by another literal, maybe cut by '#'. */
    @Provide
    static Arbitrary<Tuple2<String, String>> topicAndDerivedFilter() {
        return topics().flatMap(topic -> {
            String[] parts = topic.split("/", -1);
            Arbitrary<List<String>> replaced = Combinators.combine(Arbitraries.integers().between(0, 3), levels())
                    .as((choice, other) -> choice == 0 ? "+" : choice == 1 ? other : KEEP)
                    .list().ofSize(parts.length);
            Arbitrary<Integer> cut = Arbitraries.integers().between(-1, parts.length);
            return Combinators.combine(replaced, cut).as((choices, hashAt) -> {
                List<String> filter = new ArrayList<>();
                for (int i = 0; i < parts.length && i != hashAt; i++) {
                    filter.add(KEEP.equals(choices.get(i)) ? parts[i] : choices.get(i));
                }
                if (hashAt >= 0) {
                    filter.add("#");
                }
                return Tuple.of(topic, String.join("/", filter));
            }).filter(pair -> !pair.get2().isEmpty());
        });
    }
}
