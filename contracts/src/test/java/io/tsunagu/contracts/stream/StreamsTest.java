package io.tsunagu.contracts.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names and keys of the internal streams. */
class StreamsTest {

    /** Kafka's longest topic name. */
    private static final int KAFKA_MAX_TOPIC_LENGTH = 249;

    /** Node ids: valid ones, and any string, since the key functions do not check them. */
    private static final Gen<String> NODE_IDS = Gen.oneOf(Gen.elements("node-a", "n", ""), Gen.strings(0, 24));

    /**
     * Tenants: never empty, and never starting with U+0000, which MQTT strings cannot hold [MQTT-1.5.4-2] and the
     * configured tenants do not; U+0000 later in the tenant is allowed.
     */
    private static final Gen<String> TENANTS = Gen.strings(1, 24).filter(tenant -> tenant.indexOf('\u0000') < 0);

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
    void sessionQueueStreamIsDistinctFromTheOtherStreams() {
        assertThat(Streams.SESSION_QUEUE).isEqualTo("tsunagu.session-queue");
        assertThat(Streams.SESSION_QUEUE).isNotIn(Streams.PUBLISH, Streams.SESSION, Streams.RETAINED);
        assertThat(Streams.SESSION_QUEUE).doesNotStartWith(Streams.DELIVERY_PREFIX);
        assertThat(Streams.SESSION_QUEUE).hasSizeLessThanOrEqualTo(KAFKA_MAX_TOPIC_LENGTH)
                .matches("[A-Za-z0-9._-]+");
    }

    @Test
    void headersAreDistinct() {
        List<String> headers = List.of(Streams.SHARE_TARGET_HEADER, Streams.SHARE_EXCLUDE_HEADER,
                Streams.SESSION_TARGET_HEADER, Streams.DUP_HEADER);

        assertThat(headers).doesNotHaveDuplicates();
        assertThat(Streams.SESSION_TARGET_HEADER).isEqualTo("tsunagu-session-target");
        assertThat(Streams.DUP_HEADER).isEqualTo("tsunagu-dup");
    }

    @Test
    void nodeKeyStartsWithNul() {
        assertThat(Streams.nodeKey("node-a")).isEqualTo("\u0000node\u0000node-a");
    }

    @Test
    void nodeKeyIsANodeKey() {
        ForAll.check(Gen.strings(0, 24), nodeId -> assertThat(Streams.isNodeKey(Streams.nodeKey(nodeId))).isTrue());
    }

    @Test
    void nodeKeysOfDistinctNodesAreDistinct() {
        ForAll.check(NODE_IDS.with(NODE_IDS, List::of).filter(ids -> !ids.get(0).equals(ids.get(1))), ids ->
                assertThat(Streams.nodeKey(ids.get(0))).isNotEqualTo(Streams.nodeKey(ids.get(1))));
    }

    @Test
    void sessionKeyIsNeverANodeKey() {
        ForAll.check(TENANTS.with(Gen.strings(0, 24), Streams::sessionKey), key ->
                assertThat(Streams.isNodeKey(key)).as("isNodeKey(%s)", key).isFalse());
    }

    @Test
    void nodeKeyNeverEqualsASessionKey() {
        // Any node id, any client id, the U+0000 separator included, and a tenant made to look like the node
        // key's prefix: the first character alone keeps the two apart.
        Gen<String> tenants = Gen.oneOf(TENANTS, Gen.elements("node", "n"));
        Gen<String> clientIds = Gen.oneOf(Gen.strings(0, 24), NODE_IDS, NODE_IDS.map(id -> "node\u0000" + id));
        Gen<List<String>> samples = random -> List.of(NODE_IDS.next(random), tenants.next(random),
                clientIds.next(random));

        ForAll.check(samples, sample -> assertThat(Streams.nodeKey(sample.get(0)))
                .isNotEqualTo(Streams.sessionKey(sample.get(1), sample.get(2))));
    }

    @Test
    void emptyTenantOrOneWithNulIsRefused() {
        assertThatThrownBy(() -> Streams.sessionKey("", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Streams.sessionKey("\u0000node", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Streams.publishKey("a\u0000b", "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAKeyStartingWithNulIsANodeKey() {
        assertThat(Streams.isNodeKey(null)).isFalse();
        assertThat(Streams.isNodeKey("")).isFalse();
        assertThat(Streams.isNodeKey("node\u0000node-a")).isFalse();
        assertThat(Streams.isNodeKey(Streams.sessionKey("t", "c"))).isFalse();
        assertThat(Streams.isNodeKey("\u0000")).isTrue();
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
