package io.tsunagu.contracts.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.error.IngestError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The topic-name rules of a PUBLISH (MQTT 5 §4.7 and §3.3.2.1), one test per rule. */
class TopicNameTest {

    private static final TopicLimits PROTOCOL = TopicLimits.protocol();

    @Test
    void emptyTopicNameIsInvalidMqtt4731() {
        // [MQTT-4.7.3-1] All Topic Names and Topic Filters MUST be at least one character long.
        assertThat(TopicName.validate("", PROTOCOL).reason()).contains("[MQTT-4.7.3-1]");
    }

    @Test
    void nullCharacterIsInvalidMqtt4732() {
        // [MQTT-4.7.3-2] Topic Names and Topic Filters MUST NOT include the null character (U+0000).
        assertThat(TopicName.validate("a/\u0000/b", PROTOCOL).reason()).contains("[MQTT-4.7.3-2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "sport/+", "sport/tennis/#", "sport+", "a#b", "+/a"})
    void wildcardInATopicNameIsInvalidMqtt3322(String topic) {
        // [MQTT-3.3.2-2] The Topic Name in the PUBLISH packet MUST NOT contain wildcard characters.
        assertThat(TopicName.validate(topic, PROTOCOL).reason()).contains("[MQTT-3.3.2-2]");
    }

    @Test
    void invalidTopicNameIsAnsweredWithTopicNameInvalid() {
        // MQTT 5 PUBACK reason code 0x90 (§3.4.2.1).
        TopicValidation validation = TopicName.validate("a/+", PROTOCOL);

        assertThat(validation.isValid()).isFalse();
        assertThat(validation.error()).isEqualTo(IngestError.TOPIC_NAME_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sport/tennis/player1",     // the spec's own example
        "/",                        // two empty levels: a separator alone is a valid topic
        "/finance",                 // a leading separator makes an empty first level (MQTT 5 §4.7.1.1)
        "a//b",                     // empty levels between separators
        "a/",                       // a trailing empty level
        " ",                        // spaces are allowed
        "$SYS/monitor/Clients",     // '$' topics are valid names; only matching treats them apart
        "ACCOUNTS",                 // case is kept: distinct from "Accounts" (MQTT 5 §4.7.3)
        "\u00e9t\u00e9/\ud83d\ude00",  // any Unicode
    })
    void validTopicNamesPass(String topic) {
        assertThat(TopicName.validate(topic, PROTOCOL)).isEqualTo(TopicValidation.valid());
    }

    @Test
    void topicAtTheProtocolMaximumOf65535BytesIsValid() {
        // MQTT 5 §1.5.4: a UTF-8 encoded string is at most 65,535 bytes.
        assertThat(TopicName.validate("a".repeat(65_535), PROTOCOL).isValid()).isTrue();
    }

    @Test
    void topicAboveTheProtocolMaximumIsInvalid() {
        assertThat(TopicName.validate("a".repeat(65_536), PROTOCOL).isValid()).isFalse();
    }

    @Test
    void configuredLengthLimitIsInclusive() {
        TopicLimits limits = new TopicLimits(5, 10);

        assertThat(TopicName.validate("abcde", limits).isValid()).isTrue();
        assertThat(TopicName.validate("abcdef", limits).reason()).contains("6 bytes, more than the limit 5");
    }

    @Test
    void lengthLimitCountsUtf8BytesNotCharacters() {
        // "é" is one char but two UTF-8 bytes (MQTT 5 §4.7.3: lengths are of the UTF-8 encoding).
        TopicLimits limits = new TopicLimits(3, 10);

        assertThat(TopicName.validate("\u00e9\u00e9", limits).reason()).contains("4 bytes");
    }

    @Test
    void configuredLevelLimitIsInclusive() {
        TopicLimits limits = new TopicLimits(100, 3);

        assertThat(TopicName.validate("a/b/c", limits).isValid()).isTrue();
        assertThat(TopicName.validate("a/b/c/d", limits).reason()).contains("more than 3 levels");
    }

    @Test
    void emptyLevelsCountTowardsTheLevelLimit() {
        assertThat(TopicName.validate("//", new TopicLimits(100, 2)).isValid()).isFalse();
    }

    @Test
    void levelCountIsOneMoreThanTheSeparators() {
        assertThat(TopicName.levelCount("a")).isEqualTo(1);
        assertThat(TopicName.levelCount("/")).isEqualTo(2);
        assertThat(TopicName.levelCount("a/b/c")).isEqualTo(3);
        assertThat(TopicName.levelCount("a//")).isEqualTo(3);
    }

    @Test
    void dollarTopicsAreThoseStartingWithDollar() {
        // MQTT 5 §4.7.2: topics beginning with '$' are for the server's use.
        assertThat(TopicName.isDollarTopic("$SYS/broker")).isTrue();
        assertThat(TopicName.isDollarTopic("a/$SYS")).isFalse();
        assertThat(TopicName.isDollarTopic("")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65_536})
    void lengthLimitOutsideTheProtocolRangeIsRefused(int maxLength) {
        assertThatThrownBy(() -> new TopicLimits(maxLength, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void levelLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new TopicLimits(100, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
