package io.tsunagu.contracts.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LongStringTest {

    @Test
    void equalityIsByContent() {
        assertThat(new LongString(new byte[] {1, 2})).isEqualTo(new LongString(new byte[] {1, 2}))
                .hasSameHashCodeAs(new LongString(new byte[] {1, 2}));
        assertThat(new LongString(new byte[] {1, 2})).isNotEqualTo(new LongString(new byte[] {1, 3}));
    }

    @Test
    void ofEncodesUtf8AndToStringDecodesIt() {
        LongString value = LongString.of("héllo");
        assertThat(value.bytes()).containsExactly('h', 0xC3, 0xA9, 'l', 'l', 'o');
        assertThat(value.length()).isEqualTo(6);
        assertThat(value).hasToString("héllo");
    }

    @Test
    void loneSurrogateIsRefusedRatherThanWrittenAsQuestionMark() {
        assertThatThrownBy(() -> LongString.of("a\ud800")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullBytesAreRefused() {
        assertThatThrownBy(() -> new LongString(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
