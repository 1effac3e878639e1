package io.tsunagu.contracts.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.error.IngestError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The topic-filter rules of SUBSCRIBE and UNSUBSCRIBE (MQTT 5 §4.7 and §4.8.2), one test per rule. */
class TopicFilterTest {

    private static final TopicLimits PROTOCOL = TopicLimits.protocol();

    @ParameterizedTest
    @ValueSource(strings = {"#", "sport/#", "sport/tennis/player1/#", "+/#", "/#"})
    void multiLevelWildcardAsTheLastLevelIsValid(String filter) {
        // MQTT 5 §4.7.1.2: '#' on its own or after a separator, as the last character.
        assertThat(TopicFilter.validate(filter, PROTOCOL).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sport/tennis#", "#/tennis", "sport/tennis/#/ranking", "##", "a/#b", "a/b#/c"})
    void multiLevelWildcardNotAloneAsTheLastLevelIsInvalidMqtt4711(String filter) {
        // [MQTT-4.7.1-1] '#' MUST be on its own or following a separator, and the last character of the filter.
        assertThat(TopicFilter.validate(filter, PROTOCOL).reason()).contains("[MQTT-4.7.1-1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "+/tennis/#", "sport/+/player1", "sport/+", "+/+", "/+", "a/+/+/b"})
    void singleLevelWildcardOccupyingWholeLevelsIsValid(String filter) {
        // MQTT 5 §4.7.1.3: '+' may be used at any level, first and last included.
        assertThat(TopicFilter.validate(filter, PROTOCOL).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sport+", "sport/+tennis", "+a", "a/++", "a/b+/c"})
    void singleLevelWildcardMixedWithTextIsInvalidMqtt4712(String filter) {
        // [MQTT-4.7.1-2] Where '+' is used it MUST occupy an entire level of the filter.
        assertThat(TopicFilter.validate(filter, PROTOCOL).reason()).contains("[MQTT-4.7.1-2]");
    }

    @Test
    void emptyFilterIsInvalidMqtt4731() {
        // [MQTT-4.7.3-1] All Topic Names and Topic Filters MUST be at least one character long.
        assertThat(TopicFilter.validate("", PROTOCOL).reason()).contains("[MQTT-4.7.3-1]");
    }

    @Test
    void nullCharacterIsInvalidMqtt4732() {
        // [MQTT-4.7.3-2] Topic Names and Topic Filters MUST NOT include the null character (U+0000).
        assertThat(TopicFilter.validate("a/\u0000", PROTOCOL).reason()).contains("[MQTT-4.7.3-2]");
    }

    @Test
    void invalidFilterIsAnsweredWithTopicFilterInvalid() {
        // MQTT 5 SUBACK reason code 0x8F (§3.9.3).
        TopicValidation validation = TopicFilter.validate("a/#/b", PROTOCOL);

        assertThat(validation.isValid()).isFalse();
        assertThat(validation.error()).isEqualTo(IngestError.TOPIC_FILTER_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/group/sport/#", "$share/g/+", "$share/g/a/b", "$share/g//"})
    void sharedSubscriptionWithShareNameAndFilterIsValid(String filter) {
        assertThat(TopicFilter.isShared(filter)).isTrue();
        assertThat(TopicFilter.validate(filter, PROTOCOL).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share//sport", "$share/"})
    void sharedSubscriptionWithoutShareNameIsInvalidMqtt4821(String filter) {
        // [MQTT-4.8.2-1] A Shared Subscription's Topic Filter MUST start with "$share/" and MUST contain a
        // ShareName that is at least one character long.
        assertThat(TopicFilter.validate(filter, PROTOCOL).reason()).contains("[MQTT-4.8.2-1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/gr+up/sport", "$share/g#/sport", "$share/+/sport", "$share/#/sport"})
    void shareNameWithAWildcardIsInvalidMqtt4822(String filter) {
        // [MQTT-4.8.2-2] The ShareName MUST NOT contain the characters "/", "+" or "#".
        assertThat(TopicFilter.validate(filter, PROTOCOL).reason()).contains("[MQTT-4.8.2-2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/group", "$share/group/"})
    void shareNameNotFollowedBySeparatorAndFilterIsInvalid(String filter) {
        // [MQTT-4.8.2-2] ... but MUST be followed by a "/" character. This "/" MUST be followed by a Topic Filter.
        assertThat(TopicFilter.validate(filter, PROTOCOL).isValid()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/g/a#", "$share/g/#/a", "$share/g/a+"})
    void filterOfASharedSubscriptionFollowsTheWildcardRules(String filter) {
        assertThat(TopicFilter.validate(filter, PROTOCOL).isValid()).isFalse();
    }

    @Test
    void filterWithoutTheShareSeparatorIsAnOrdinaryFilter() {
        assertThat(TopicFilter.isShared("$share")).isFalse();
        assertThat(TopicFilter.validate("$share", PROTOCOL).isValid()).isTrue();
    }

    @Test
    void filterLengthLimitCountsUtf8Bytes() {
        TopicLimits limits = new TopicLimits(4, 10);

        assertThat(TopicFilter.validate("\u00e9/#", limits).isValid()).isTrue();
        assertThat(TopicFilter.validate("\u00e9\u00e9/#", limits).isValid()).isFalse();
    }

    @Test
    void filterLevelLimitCountsWildcardLevels() {
        TopicLimits limits = new TopicLimits(100, 3);

        assertThat(TopicFilter.validate("+/+/#", limits).isValid()).isTrue();
        assertThat(TopicFilter.validate("+/+/+/#", limits).reason()).contains("more than 3 levels");
    }

    @Test
    void filterAboveTheProtocolMaximumIsInvalid() {
        assertThat(TopicFilter.validate("a".repeat(65_534) + "/#", PROTOCOL).isValid()).isFalse();
    }

    @Test
    void hasWildcardSeesPlusAndHash() {
        assertThat(TopicFilter.hasWildcard("a/+/b")).isTrue();
        assertThat(TopicFilter.hasWildcard("a/#")).isTrue();
        assertThat(TopicFilter.hasWildcard("a/b")).isFalse();
    }
}
