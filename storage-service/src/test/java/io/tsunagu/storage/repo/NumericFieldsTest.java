package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The number fields of JSON object payloads by dot path, and which paths a series may name. */
class NumericFieldsTest {

    @Test
    void numberFieldsAreKeptByDotPath() {
        assertThat(fields("{\"temp\":21.5,\"sensor\":{\"hum\":40,\"deep\":{\"x\":-1e2}}}"))
                .isEqualTo("{\"temp\":21.5,\"sensor.hum\":40.0,\"sensor.deep.x\":-100.0}");
    }

    @Test
    void nonNumbersArraysAndNumericStringsAreLeftOut() {
        assertThat(fields("{\"a\":\"21.5\",\"b\":true,\"c\":null,\"d\":[1,2],\"e\":{},\"n\":1}"))
                .isEqualTo("{\"n\":1.0}");
    }

    @Test
    void objectWithoutNumbersHasNoFields() {
        assertThat(fields("{\"a\":\"x\"}")).isNull();
        assertThat(fields("{}")).isNull();
    }

    @Test
    void payloadsThatAreNotOneJsonObjectHaveNoFields() {
        assertThat(fields("21.5")).isNull();
        assertThat(fields("[{\"a\":1}]")).isNull();
        assertThat(fields("{\"a\":1")).isNull();
        assertThat(fields("{\"a\":1}{\"b\":2}")).isNull();
        assertThat(fields("{\"a\":1,}")).isNull();
        assertThat(fields("{a:1}")).isNull();
        assertThat(fields("{\"a\":NaN}")).isNull();
        assertThat(fields("{\"a\":1,\"b\":[1,}")).isNull();
    }

    @Test
    void invalidUtf8HasNoFieldsEvenInsideAStringThatIsNotRead() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '1', ',', '"', 's', '"', ':', '"', (byte) 0xc3, '"', '}'};

        assertThat(NumericFields.toJson(bytes, 0, bytes.length)).isNull();
    }

    @Test
    void whitespaceBeforeTheObjectIsAllowed() {
        assertThat(fields(" \n{\"a\":1} ")).isEqualTo("{\"a\":1.0}");
    }

    @Test
    void keysThatADotPathCannotNameAreLeftOutWithEverythingBelow() {
        assertThat(fields("{\"a.b\":1,\"\":2,\"n\\u0000\":3,\"x\":{\"a.b\":{\"c\":4}},\"ok\":5}"))
                .isEqualTo("{\"ok\":5.0}");
    }

    @Test
    void unpairedSurrogateKeysAreLeftOutAndPairedOnesKept() {
        assertThat(fields("{\"\\ud800\":1,\"\\ud83d\\ude00\":2,\"日\":3}"))
                .isEqualTo("{\"\uD83D\uDE00\":2.0,\"日\":3.0}");
    }

    @Test
    void controlCharactersInKeysAreEscapedInTheStoredJson() {
        assertThat(fields("{\"a\\nb\\\"c\":1}")).isEqualTo("{\"a\\nb\\\"c\":1.0}");
    }

    @Test
    void numbersBeyondTheRangeOfADoubleAreLeftOut() {
        assertThat(fields("{\"big\":1e400,\"huge\":" + "9".repeat(400) + ",\"ok\":1}")).isEqualTo("{\"ok\":1.0}");
    }

    @Test
    void aKeyGivenTwiceKeepsItsLastValue() {
        assertThat(fields("{\"a\":1,\"a\":2}")).isEqualTo("{\"a\":2.0}");
    }

    @Test
    void levelsDeeperThanTheMaximumAreLeftOut() {
        assertThat(fields(nested(16, 7))).isEqualTo("{\"" + "k.".repeat(15) + "k\":7.0}");
        assertThat(fields(nested(17, 7))).isNull();
    }

    @Test
    void fieldsAfterTheFirst64AreLeftOut() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 70; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        String stored = fields(json.append('}').toString());

        assertThat(stored).contains("\"f63\":63.0").doesNotContain("\"f64\"");
    }

    @Test
    void largePayloadsAreNotParsed() {
        String padding = " ".repeat(NumericFields.MAX_BYTES);

        assertThat(fields("{\"a\":1}" + padding)).isNull();
    }

    @Test
    void dotPathsOfRequestsFollowTheSameRules() {
        assertThat(NumericFields.isAddressablePath("temp")).isTrue();
        assertThat(NumericFields.isAddressablePath("sensor.temp")).isTrue();
        assertThat(NumericFields.isAddressablePath("k" + ".k".repeat(15))).isTrue();
        assertThat(NumericFields.isAddressablePath("k" + ".k".repeat(16))).isFalse();
        assertThat(NumericFields.isAddressablePath("x".repeat(256))).isTrue();
        assertThat(NumericFields.isAddressablePath("x".repeat(257))).isFalse();
        assertThat(NumericFields.isAddressablePath("")).isFalse();
        assertThat(NumericFields.isAddressablePath("a..b")).isFalse();
        assertThat(NumericFields.isAddressablePath(".a")).isFalse();
        assertThat(NumericFields.isAddressablePath("a.")).isFalse();
        assertThat(NumericFields.isAddressablePath("a\u0000")).isFalse();
        assertThat(NumericFields.isAddressablePath("\ud800")).isFalse();
    }

    private static String nested(int depth, int value) {
        return "{\"k\":".repeat(depth) + value + "}".repeat(depth);
    }

    private static String fields(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return NumericFields.toJson(bytes, 0, bytes.length);
    }
}
