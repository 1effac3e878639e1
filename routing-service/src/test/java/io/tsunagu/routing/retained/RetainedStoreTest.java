package io.tsunagu.routing.retained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules for applying the retained stream, and the lookup by filter per tenant. */
class RetainedStoreTest {

    private static final Instant RECEIVED = Instant.parse("2025-01-01T00:00:00Z");

    private final RetainedStore store = new RetainedStore();

    private static PublishEvent publish(String tenant, String topic, int qos, Payload payload) {
        return new PublishEvent(UUID.randomUUID(), tenant, "c", "n", topic, qos, true, RECEIVED,
                MessageProperties.none(), payload);
    }

    private byte[] put(String tenant, String topic, int qos) {
        byte[] record = PublishCodec.encode(publish(tenant, topic, qos, Payload.utf8(topic)));
        assertThat(store.apply(Streams.publishKey(tenant, topic), record)).isEqualTo(RetainedOutcome.STORED);
        return record;
    }

    private List<String> topicsFor(String tenant, String filter) {
        return store.match(tenant, filter).stream().map(RetainedMessage::topic).sorted().toList();
    }

    @Test
    void storedMessageKeepsTheRecordBytesAndItsQos() {
        byte[] record = put("t", "a/b", 1);

        assertThat(store.match("t", "a/+")).singleElement().satisfies(message -> {
            assertThat(message.record()).isSameAs(record);
            assertThat(message.qos()).isEqualTo(1);
            assertThat(message.expiresAt()).isEqualTo(Instant.MAX);
        });
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void newerRecordReplacesTheTopicsMessage() {
        put("t", "a", 0);
        byte[] newer = put("t", "a", 1);

        assertThat(store.match("t", "a")).singleElement()
                .satisfies(message -> assertThat(message.record()).isSameAs(newer));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void tombstoneRemovesTheTopicsMessage() {
        put("t", "a/b", 0);
        put("t", "a/c", 0);

        assertThat(store.apply(Streams.publishKey("t", "a/b"), null)).isEqualTo(RetainedOutcome.REMOVED);

        assertThat(topicsFor("t", "a/#")).containsExactly("a/c");
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void recordWithAnEmptyPayloadRemovesTheTopicsMessage() {
        // [MQTT-3.3.1-6]: ingest writes a tombstone for it, but a record with no payload means the same.
        put("t", "a", 1);

        RetainedOutcome outcome = store.apply(Streams.publishKey("t", "a"),
                PublishCodec.encode(publish("t", "a", 1, Payload.empty())));

        assertThat(outcome).isEqualTo(RetainedOutcome.REMOVED);
        assertThat(store.match("t", "#")).isEmpty();
        assertThat(store.count()).isZero();
    }

    @Test
    void tombstoneForATopicWithoutMessageChangesNothing() {
        put("t", "a", 0);

        assertThat(store.apply(Streams.publishKey("t", "b"), null)).isEqualTo(RetainedOutcome.REMOVED);
        assertThat(store.apply(Streams.publishKey("other", "a"), null)).isEqualTo(RetainedOutcome.REMOVED);

        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void tenantsAreSeparate() {
        put("t1", "a", 0);
        put("t2", "a", 0);
        put("t2", "b", 0);

        assertThat(topicsFor("t1", "#")).containsExactly("a");
        assertThat(topicsFor("t2", "#")).containsExactly("a", "b");
        assertThat(topicsFor("t3", "#")).isEmpty();
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void dollarTopicsAreFoundOnlyByFiltersThatNameThem() {
        // [MQTT-4.7.2-1]
        put("t", "$SYS/broker/uptime", 0);
        put("t", "a", 0);

        assertThat(topicsFor("t", "#")).containsExactly("a");
        assertThat(topicsFor("t", "$SYS/#")).containsExactly("$SYS/broker/uptime");
    }

    @Test
    void sharedSubscriptionFilterGetsNoRetainedMessages() {
        // [MQTT-3.8.3-4]
        put("t", "a", 0);

        assertThat(store.match("t", "$share/g/a")).isEmpty();
        assertThat(store.match("t", "$share/g/#")).isEmpty();
    }

    @Test
    void expiryIsTheReceiptPlusTheMessageExpiryInterval() {
        MessageProperties expiring = new MessageProperties(OptionalInt.empty(), OptionalLong.of(60), null, null,
                null, List.of());
        PublishEvent event = new PublishEvent(UUID.randomUUID(), "t", "c", "n", "a", 1, true, RECEIVED, expiring,
                Payload.utf8("x"));

        store.apply(Streams.publishKey("t", "a"), PublishCodec.encode(event));

        RetainedMessage message = store.match("t", "a").getFirst();
        assertThat(message.expiresAt()).isEqualTo(RECEIVED.plusSeconds(60));
        assertThat(message.isExpiredAt(RECEIVED.plusSeconds(59))).isFalse();
        assertThat(message.isExpiredAt(RECEIVED.plusSeconds(60))).isTrue();
    }

    @Test
    void undecodableValueIsRefused() {
        assertThatThrownBy(() -> store.apply(Streams.publishKey("t", "a"),
                "not a publish".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class);
        assertThat(store.count()).isZero();
    }

    @Test
    void keyWithoutTenantSeparatorIsRefused() {
        assertThatThrownBy(() -> store.apply("a/b", null))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("key");
    }

    @Test
    void keyWithAWildcardTopicIsRefused() {
        assertThatThrownBy(() -> store.apply(Streams.publishKey("t", "a/+"), null))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("does not name a topic");
    }

    @Test
    void recordForAnotherTopicThanItsKeyIsRefused() {
        byte[] record = PublishCodec.encode(publish("t", "a/b", 0, Payload.utf8("x")));

        assertThatThrownBy(() -> store.apply(Streams.publishKey("t", "a/c"), record))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("under the key of a/c");
        assertThat(store.count()).isZero();
    }
}
