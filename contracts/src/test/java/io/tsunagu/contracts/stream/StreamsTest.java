package io.tsunagu.contracts.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names and keys of the internal streams. */
class StreamsTest {

    /** Kafka's longest topic name. */
    private static final int KAFKA_MAX_TOPIC_LENGTH = 249;

    @Test
    void deliveryStreamIsNamedAfterTheNode() {
        assertThat(Streams.deliveryStream("node-a")).isEqualTo("tsunagu.delivery.node-a");
    }

    @Test
    void deliveryStreamOfTheLongestNodeIdIsAValidKafkaTopicName() {
        String nodeId = "n".repeat(Streams.MAX_NODE_ID_LENGTH);

        assertThat(Streams.isValidNodeId(nodeId)).isTrue();
        assertThat(Streams.deliveryStream(nodeId)).hasSizeLessThanOrEqualTo(KAFKA_MAX_TOPIC_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "node a", "node/a", "n\u00e9", "node:a"})
    void nodeIdOutsideKafkaTopicCharactersIsInvalid(String nodeId) {
        assertThat(Streams.isValidNodeId(nodeId)).isFalse();
    }

    @Test
    void nodeIdLongerThanTheLimitIsInvalid() {
        assertThat(Streams.isValidNodeId("n".repeat(Streams.MAX_NODE_ID_LENGTH + 1))).isFalse();
    }

    @Test
    void retainedStreamIsDistinctFromTheOtherStreams() {
        assertThat(Streams.RETAINED).isEqualTo("tsunagu.retained");
        assertThat(Streams.RETAINED).isNotIn(Streams.PUBLISH, Streams.SESSION);
        // No node id can make a delivery stream of the same name.
        assertThat(Streams.RETAINED).doesNotStartWith(Streams.DELIVERY_PREFIX);
        assertThat(Streams.RETAINED).hasSizeLessThanOrEqualTo(KAFKA_MAX_TOPIC_LENGTH).matches("[A-Za-z0-9._-]+");
    }

    @Test
    void keysSeparateTheirPartsWithNul() {
        // U+0000 cannot occur in a topic name or client id [MQTT-4.7.3-2], so the split is unambiguous.
        assertThat(Streams.publishKey("t", "a/b")).isEqualTo("t\u0000a/b");
        assertThat(Streams.sessionKey("t", "c")).isEqualTo("t\u0000c");
    }

    @Test
    void tenantAndTopicCannotCollide() {
        assertThat(Streams.publishKey("a", "b/c")).isNotEqualTo(Streams.publishKey("a/b", "c"));
    }
}
