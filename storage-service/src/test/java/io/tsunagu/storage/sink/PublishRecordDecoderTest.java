package io.tsunagu.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PublishRecordDecoderTest {

    @Test
    void validRecordDecodesToItsEventWithThePayloadAsAViewIntoTheRecord() {
        byte[] record = PublishCodec.encode(event("a/b", Instant.parse("2026-05-01T12:00:00Z")));

        Decoded<PublishEvent> decoded = PublishRecordDecoder.decode(record);

        assertThat(decoded.isRejected()).isFalse();
        assertThat(decoded.value().topic()).isEqualTo("a/b");
        assertThat(decoded.value().payload().array()).isSameAs(record);
    }

    @Test
    void garbageIsRejectedAsUndecodable() {
        Decoded<PublishEvent> decoded = PublishRecordDecoder.decode("not a record".getBytes(
                StandardCharsets.UTF_8));

        assertThat(decoded.rejection()).startsWith("undecodable publish record");
    }

    @Test
    void truncatedRecordIsRejectedAsUndecodable() {
        byte[] record = PublishCodec.encode(event("a/b", Instant.parse("2026-05-01T12:00:00Z")));

        Decoded<PublishEvent> decoded = PublishRecordDecoder.decode(Arrays.copyOf(record, 10));

        assertThat(decoded.rejection()).startsWith("undecodable publish record");
    }

    @Test
    void recordWithoutValueIsRejected() {
        assertThat(PublishRecordDecoder.decode(null).rejection()).isEqualTo("record has no value");
    }

    @Test
    void nulInTheTopicIsRejectedBecausePostgresTextCannotHoldIt() {
        byte[] record = PublishCodec.encode(event("a/\u0000", Instant.parse("2026-05-01T12:00:00Z")));

        assertThat(PublishRecordDecoder.decode(record).rejection()).contains("U+0000");
    }

    @Test
    void receivedAtBeyondYear9999IsRejected() {
        byte[] record = PublishCodec.encode(event("a/b", Instant.parse("+12026-05-01T12:00:00Z")));

        assertThat(PublishRecordDecoder.decode(record).rejection()).contains("outside years 1 to 9999");
    }

    private static PublishEvent event(String topic, Instant receivedAt) {
        return new PublishEvent(UUID.randomUUID(), "default", "client-1", "node-a", topic, 1, false, receivedAt,
                MessageProperties.none(), Payload.utf8("hello"));
    }
}
