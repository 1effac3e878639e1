package io.tsunagu.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.storage.repo.RetainedChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RetainedRecordDecoderTest {

    private static final String KEY = Streams.publishKey("default", "a/b");

    @Test
    void recordReplacesTheRetainedMessageAndKeepsItsBytesWithoutACopy() {
        byte[] record = PublishCodec.encode(event("default", "a/b", Payload.utf8("on")));

        Decoded<RetainedChange> decoded = RetainedRecordDecoder.decode(KEY, record);

        assertThat(decoded.isRejected()).isFalse();
        assertThat(decoded.value().isRemoval()).isFalse();
        assertThat(decoded.value().tenant()).isEqualTo("default");
        assertThat(decoded.value().topic()).isEqualTo("a/b");
        assertThat(decoded.value().record()).isSameAs(record);
        assertThat(decoded.value().message().payload().toUtf8()).isEqualTo("on");
    }

    @Test
    void tombstoneRemovesTheRetainedMessageOfItsKey() {
        Decoded<RetainedChange> decoded = RetainedRecordDecoder.decode(Streams.publishKey("t1", "$SYS/x/y"), null);

        assertThat(decoded.value()).isEqualTo(RetainedChange.remove("t1", "$SYS/x/y"));
    }

    @Test
    void recordWithAnEmptyPayloadRemovesTheRetainedMessage() {
        byte[] record = PublishCodec.encode(event("default", "a/b", Payload.empty()));

        assertThat(RetainedRecordDecoder.decode(KEY, record).value().isRemoval()).isTrue();
    }

    @Test
    void recordOfAnotherTopicThanItsKeyIsRejected() {
        byte[] record = PublishCodec.encode(event("default", "a/c", Payload.utf8("x")));

        assertThat(RetainedRecordDecoder.decode(KEY, record).rejection()).contains("another tenant or topic");
    }

    @Test
    void recordOfAnotherTenantThanItsKeyIsRejected() {
        byte[] record = PublishCodec.encode(event("other", "a/b", Payload.utf8("x")));

        assertThat(RetainedRecordDecoder.decode(KEY, record).rejection()).contains("another tenant or topic");
    }

    @Test
    void recordWithoutKeyIsRejected() {
        assertThat(RetainedRecordDecoder.decode(null, null).rejection()).contains("no key");
    }

    @Test
    void keyWithoutTenantAndTopicIsRejected() {
        assertThat(RetainedRecordDecoder.decode("a/b", null).rejection()).contains("tenant U+0000 topic");
        assertThat(RetainedRecordDecoder.decode("\u0000a/b", null).rejection()).contains("tenant U+0000 topic");
        assertThat(RetainedRecordDecoder.decode("default\u0000", null).rejection()).contains("tenant U+0000 topic");
    }

    @Test
    void tombstoneWhoseTopicHoldsNulIsRejected() {
        assertThat(RetainedRecordDecoder.decode("default\u0000a\u0000b", null).rejection()).contains("U+0000");
    }

    @Test
    void undecodableValueIsRejected() {
        byte[] garbage = "not a record".getBytes(StandardCharsets.UTF_8);

        assertThat(RetainedRecordDecoder.decode(KEY, garbage).rejection()).startsWith("undecodable publish record");
    }

    private static PublishEvent event(String tenant, String topic, Payload payload) {
        return new PublishEvent(UUID.randomUUID(), tenant, "client-1", "node-a", topic, 1, true,
                Instant.parse("2026-05-01T12:00:00Z"), MessageProperties.none(), payload);
    }
}
