package io.tsunagu.contracts.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which topic names a filter matches: the examples of MQTT 5 §4.7.1 and §4.7.2. */
class TopicMatchingTest {

    @ParameterizedTest
    @ValueSource(strings = {"sport/tennis/player1", "sport/tennis/player1/ranking",
        "sport/tennis/player1/score/wimbledon"})
    void multiLevelWildcardMatchesTheParentAndAnyDescendant(String topic) {
        // MQTT 5 §4.7.1.2: "sport/tennis/player1/#" receives all three.
        assertThat(TopicFilter.matches("sport/tennis/player1/#", topic)).isTrue();
    }

    @Test
    void multiLevelWildcardAlsoMatchesTheParentLevelItself() {
        // MQTT 5 §4.7.1.2: "sport/#" also matches the singular "sport", since # includes the parent level.
        assertThat(TopicFilter.matches("sport/#", "sport")).isTrue();
        assertThat(TopicFilter.matches("a/#", "a")).isTrue();
    }

    @Test
    void multiLevelWildcardDoesNotMatchASiblingWithTheSamePrefix() {
        assertThat(TopicFilter.matches("sport/#", "sports")).isFalse();
        assertThat(TopicFilter.matches("sport/tennis/player1/#", "sport/tennis/player2")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sport", "/", "a/b/c", "a//b", "/finance"})
    void hashAloneMatchesEveryTopicNotStartingWithDollar(String topic) {
        assertThat(TopicFilter.matches("#", topic)).isTrue();
    }

    @Test
    void singleLevelWildcardMatchesExactlyOneLevel() {
        // MQTT 5 §4.7.1.3: "sport/tennis/+" matches "sport/tennis/player1" and "sport/tennis/player2" but not
        // "sport/tennis/player1/ranking".
        assertThat(TopicFilter.matches("sport/tennis/+", "sport/tennis/player1")).isTrue();
        assertThat(TopicFilter.matches("sport/tennis/+", "sport/tennis/player2")).isTrue();
        assertThat(TopicFilter.matches("sport/tennis/+", "sport/tennis/player1/ranking")).isFalse();
    }

    @Test
    void singleLevelWildcardDoesNotMatchTheParentButMatchesAnEmptyLevel() {
        // MQTT 5 §4.7.1.3: "sport/+" does not match "sport" but does match "sport/".
        assertThat(TopicFilter.matches("sport/+", "sport")).isFalse();
        assertThat(TopicFilter.matches("sport/+", "sport/")).isTrue();
    }

    @Test
    void leadingSeparatorMakesAnEmptyFirstLevel() {
        // MQTT 5 §4.7.1.3: "+/+" and "/+" match "/finance"; "+" does not.
        assertThat(TopicFilter.matches("+/+", "/finance")).isTrue();
        assertThat(TopicFilter.matches("/+", "/finance")).isTrue();
        assertThat(TopicFilter.matches("+", "/finance")).isFalse();
    }

    @Test
    void singleLevelWildcardsCombineWithMultiLevel() {
        // MQTT 5 §4.7.1.3: "+/tennis/#" is valid and matches below any first level.
        assertThat(TopicFilter.matches("+/tennis/#", "sport/tennis/player1")).isTrue();
        assertThat(TopicFilter.matches("+/tennis/#", "sport/tennis")).isTrue();
        assertThat(TopicFilter.matches("+/tennis/#", "sport/golf")).isFalse();
        assertThat(TopicFilter.matches("sport/+/player1", "sport/tennis/player1")).isTrue();
    }

    @Test
    void hashDoesNotMatchDollarTopicsMqtt4721() {
        // [MQTT-4.7.2-1] Filters starting with a wildcard MUST NOT match topic names beginning with '$'.
        // MQTT 5 §4.7.2: a subscription to "#" will not receive messages published to a topic beginning with '$'.
        assertThat(TopicFilter.matches("#", "$SYS/broker/load")).isFalse();
        assertThat(TopicFilter.matches("#", "$")).isFalse();
    }

    @Test
    void leadingPlusDoesNotMatchDollarTopicsMqtt4721() {
        // MQTT 5 §4.7.2: "+/monitor/Clients" will not receive messages published to "$SYS/monitor/Clients".
        assertThat(TopicFilter.matches("+/monitor/Clients", "$SYS/monitor/Clients")).isFalse();
    }

    @Test
    void dollarFiltersMatchDollarTopics() {
        // MQTT 5 §4.7.2: "$SYS/#" receives "$SYS/..."; "$SYS/monitor/+" receives "$SYS/monitor/Clients".
        assertThat(TopicFilter.matches("$SYS/#", "$SYS/monitor/Clients")).isTrue();
        assertThat(TopicFilter.matches("$SYS/monitor/+", "$SYS/monitor/Clients")).isTrue();
    }

    @Test
    void wildcardAfterTheFirstLevelMatchesDollarTopics() {
        // [MQTT-4.7.2-1] concerns only filters that START with a wildcard.
        assertThat(TopicFilter.matches("$SYS/+/Clients", "$SYS/monitor/Clients")).isTrue();
    }

    @Test
    void dollarInALaterLevelIsAnOrdinaryCharacter() {
        assertThat(TopicFilter.matches("#", "a/$SYS")).isTrue();
        assertThat(TopicFilter.matches("+/$SYS", "a/$SYS")).isTrue();
    }

    @Test
    void matchingIsCaseSensitive() {
        // MQTT 5 §4.7.3: "ACCOUNTS" and "Accounts" are two different topic names.
        assertThat(TopicFilter.matches("ACCOUNTS", "Accounts")).isFalse();
        assertThat(TopicFilter.matches("Accounts", "Accounts")).isTrue();
    }

    @Test
    void levelsAreNotNormalised() {
        assertThat(TopicFilter.matches("a/b", "a//b")).isFalse();
        assertThat(TopicFilter.matches("a/b", "a/b/")).isFalse();
        assertThat(TopicFilter.matches("a//b", "a//b")).isTrue();
    }

    @Test
    void longerFilterDoesNotMatchAShorterTopic() {
        assertThat(TopicFilter.matches("a/b/c", "a/b")).isFalse();
        assertThat(TopicFilter.matches("a/+/+", "a/b")).isFalse();
    }
}
