package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which payloads are plain decimal numbers, and their values. */
class PlainNumberTest {

    @Test
    void decimalNumbersAreParsed() {
        assertThat(parse("21.5")).isEqualTo(21.5);
        assertThat(parse("-3")).isEqualTo(-3.0);
        assertThat(parse("+7")).isEqualTo(7.0);
        assertThat(parse(".5")).isEqualTo(0.5);
        assertThat(parse("2.")).isEqualTo(2.0);
        assertThat(parse("1e3")).isEqualTo(1000.0);
        assertThat(parse("-2.5E-1")).isEqualTo(-0.25);
    }

    @Test
    void asciiWhitespaceAroundTheNumberIsTrimmed() {
        assertThat(parse(" \t21.5\r\n")).isEqualTo(21.5);
        assertThat(parse("\u000b\f1\f")).isEqualTo(1.0);
    }

    @Test
    void textJsonAndSpecialValuesAreNotNumbers() {
        assertThat(parse("")).isNull();
        assertThat(parse("   ")).isNull();
        assertThat(parse("abc")).isNull();
        assertThat(parse("21.5 C")).isNull();
        assertThat(parse("1 2")).isNull();
        assertThat(parse("NaN")).isNull();
        assertThat(parse("Infinity")).isNull();
        assertThat(parse("-Infinity")).isNull();
        assertThat(parse("0x1A")).isNull();
        assertThat(parse("1d")).isNull();
        assertThat(parse(".")).isNull();
        assertThat(parse("-")).isNull();
        assertThat(parse("1e")).isNull();
        assertThat(parse("{\"temp\":1}")).isNull();
        assertThat(parse("\"1\"")).isNull();
    }

    @Test
    void numbersBeyondTheRangeOfADoubleAreNotNumbers() {
        assertThat(parse("1e400")).isNull();
        assertThat(parse("-1e400")).isNull();
    }

    @Test
    void nonAsciiBytesAreNotNumbers() {
        assertThat(PlainNumber.parse(new byte[] {'1', (byte) 0xff}, 0, 2)).isNull();
        assertThat(parse("\u00a01")).isNull();
        assertThat(parse("１")).isNull();
    }

    @Test
    void onlyTheGivenSliceOfTheArrayIsRead() {
        byte[] bytes = "xx42yy".getBytes(StandardCharsets.US_ASCII);

        assertThat(PlainNumber.parse(bytes, 2, 2)).isEqualTo(42.0);
    }

    private static Double parse(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return PlainNumber.parse(bytes, 0, bytes.length);
    }
}
