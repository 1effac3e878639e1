package io.tsunagu.contracts.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Properties of the wildcard placement rules and of matching, over arbitrary levels. */
class TopicPropertiesTest {

    private static final TopicLimits PROTOCOL = TopicLimits.protocol();

    /** Characters of topic levels: no separator, wildcard or U+0000; '$', space and non-ASCII included. */
    private static final String LEVEL_CHARACTERS = "abc$ _.-\u00e0\u00e9\u4e2d\u6587\ud83d\ude00";

    /** A level of a topic name; may be empty. */
    private static final Gen<String> LEVEL = Gen.ints(0, LEVEL_CHARACTERS.codePointCount(0,
                    LEVEL_CHARACTERS.length()) - 1)
            .map(index -> Character.toString(LEVEL_CHARACTERS.codePointAt(
                    LEVEL_CHARACTERS.offsetByCodePoints(0, index))))
            .list(0, 4)
            .map(characters -> String.join("", characters));

    private static final Gen<String> NON_EMPTY_LEVEL = LEVEL.filter(level -> !level.isEmpty());

    private static final Gen<List<String>> LEVELS = LEVEL.list(1, 6);

    /** Valid topic names built from levels (one empty level alone would be the invalid empty topic). */
    private static final Gen<String> TOPICS = LEVELS.map(levels -> String.join("/", levels))
            .filter(topic -> !topic.isEmpty());

    /** Valid non-shared filters: levels, some of them '+', optionally ending in '#'. */
    private static final Gen<String> FILTERS = Gen.oneOf(LEVEL, Gen.constant("+"))
            .list(0, 5)
            .with(Gen.booleans(), TopicPropertiesTest::toFilter)
            .filter(filter -> !filter.isEmpty());

    /** Levels and a position at which to insert one more level. */
    private static final Gen<Insertion> INSERTIONS = LEVELS.with(Gen.ints(0, Integer.MAX_VALUE),
            (levels, position) -> new Insertion(levels, position % (levels.size() + 1)));

    @Test
    void hashAnywhereButTheLastLevelIsInvalid() {
        // [MQTT-4.7.1-1]
        ForAll.check(INSERTIONS.filter(insertion -> insertion.position() < insertion.levels().size()), insertion ->
                assertThat(TopicFilter.validate(insertion.insert("#"), PROTOCOL).reason())
                        .contains("[MQTT-4.7.1-1]"));
    }

    @Test
    void hashAsTheLastLevelIsValid() {
        ForAll.check(LEVELS, levels -> assertThat(TopicFilter.validate(String.join("/", levels) + "/#", PROTOCOL)
                .isValid()).isTrue());
    }

    @Test
    void hashMixedWithTextInALevelIsInvalid() {
        // [MQTT-4.7.1-1]: '#' stands on its own
        ForAll.check(INSERTIONS.with(NON_EMPTY_LEVEL, (insertion, text) -> insertion.insert(text + "#")), filter ->
                assertThat(TopicFilter.validate(filter, PROTOCOL).reason()).contains("[MQTT-4.7.1-1]"));
    }

    @Test
    void plusMixedWithTextIsInvalid() {
        // [MQTT-4.7.1-2]
        Gen<String> mixedLevel = LEVEL.with(LEVEL, (before, after) -> before + "+" + after)
                .filter(level -> !level.equals("+"));

        ForAll.check(INSERTIONS.with(mixedLevel, Insertion::insert), filter ->
                assertThat(TopicFilter.validate(filter, PROTOCOL).reason()).contains("[MQTT-4.7.1-2]"));
    }

    @Test
    void plusAsAWholeLevelIsValidAnywhere() {
        ForAll.check(INSERTIONS, insertion ->
                assertThat(TopicFilter.validate(insertion.insert("+"), PROTOCOL).isValid()).isTrue());
    }

    @Test
    void topicMatchesItselfAsAFilter() {
        ForAll.check(TOPICS, topic -> {
            assertThat(TopicName.validate(topic, PROTOCOL).isValid()).isTrue();
            assertThat(TopicFilter.validate(topic, PROTOCOL).isValid()).isTrue();
            assertThat(TopicFilter.matches(topic, topic)).isTrue();
        });
    }

    @Test
    void hashMatchesEveryTopicNotStartingWithDollar() {
        ForAll.check(TOPICS.filter(topic -> !TopicName.isDollarTopic(topic)), topic ->
                assertThat(TopicFilter.matches("#", topic)).isTrue());
    }

    @Test
    void filtersStartingWithAWildcardNeverMatchDollarTopics() {
        // [MQTT-4.7.2-1]
        Gen<String> wildcardFirst = FILTERS.filter(filter -> filter.startsWith("+") || filter.startsWith("#"));

        ForAll.check(wildcardFirst.with(TOPICS, (filter, topic) -> List.of(filter, "$" + topic)), pair ->
                assertThat(TopicFilter.matches(pair.get(0), pair.get(1))).isFalse());
    }

    @Test
    void matchingAgreesWithARegularExpressionReference() {
        ForAll.check(FILTERS.with(TOPICS, List::of), pair ->
                assertThat(TopicFilter.matches(pair.get(0), pair.get(1)))
                        .isEqualTo(referenceMatches(pair.get(0), pair.get(1))));
    }

    @Test
    void filterMadeFromATopicByWildcardingLevelsMatchesIt() {
        Gen<List<String>> wildcarded = TOPICS.filter(topic -> !TopicName.isDollarTopic(topic))
                .with(Gen.booleans().list(6, 6), (topic, mask) -> List.of(topic, wildcard(topic, mask)));

        ForAll.check(wildcarded, pair -> assertThat(TopicFilter.matches(pair.get(1), pair.get(0))).isTrue());
    }

    private static String wildcard(String topic, List<Boolean> mask) {
        String[] levels = topic.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            levels[i] = mask.get(i % mask.size()) ? "+" : levels[i];
        }
        return String.join("/", levels);
    }

    private static String toFilter(List<String> levels, boolean multiLevel) {
        List<String> all = new ArrayList<>(levels);
        if (multiLevel || all.isEmpty()) {
            all.add("#");
        }
        return String.join("/", all);
    }

    /**
     * An independent definition of matching: '+' is one level of any characters but '/', a final "/#" is
     * optional further levels, a lone '#' is anything; a wildcard first level never matches a '$' topic.
     */
    private static boolean referenceMatches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        if (filter.equals("#")) {
            return true;
        }
        String[] levels = filter.split("/", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals("#")) {
                regex.append("(/.*)?");
                break;
            }
            regex.append(i == 0 ? "" : "/").append(levels[i].equals("+") ? "[^/]*" : Pattern.quote(levels[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(topic).matches();
    }

    /** A list of levels and where to insert one more. */
    private record Insertion(List<String> levels, int position) {

        /** The filter made of the levels with {@code level} inserted at the position. */
        String insert(String level) {
            List<String> all = new ArrayList<>(levels);
            all.add(position, level);
            return String.join("/", all);
        }
    }
}
