package io.tsunagu.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Edge cases of the event records and codecs: values the wire cannot carry are refused when built. */
class ContractsEdgeCasesTest {

    private static PublishEvent publish(MessageProperties properties, String topic, Instant at) {
        return new PublishEvent(new UUID(0, 0), "t", "c", "n", topic, 0, false, at, properties, Payload.empty());
    }

    private static MessageProperties indicator(int value) {
        return new MessageProperties(OptionalInt.of(value), OptionalLong.empty(), null, null, null, List.of());
    }

    @Test
    void payloadFormatIndicatorOutsideZeroOrOneIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> indicator(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payloadFormatIndicator256IsRefusedRatherThanWrittenAsZero() {
        assertThatThrownBy(() -> indicator(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeMessageExpiryIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> new MessageProperties(OptionalInt.empty(), OptionalLong.of(-1), null, null, null,
                List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loneSurrogateIsNotSilentlyReplaced() {
        PublishEvent event = publish(MessageProperties.none(), "a\ud800", Instant.EPOCH);
        assertThatThrownBy(() -> PublishCodec.encode(event)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyDecodableReceivedAtCanBeEncodedAgain() {
        Instant at = Instant.EPOCH.plus(Long.MIN_VALUE, ChronoUnit.MICROS);
        PublishEvent event = publish(MessageProperties.none(), "a", at);
        assertThat(PublishCodec.decode(PublishCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void nonMinimalVarintIsRejected() {
        byte[] record = Hex.bytes("01 01", "00000000 00000000 00000000 00000000", "00000000 00000000", "00",
                "80 00", "00 00 00", "00");
        assertThatThrownBy(() -> PublishCodec.decode(record)).isInstanceOf(CodecException.class);
    }
}
