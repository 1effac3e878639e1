package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void everyStringsUtf8EncodingIsWellFormed() {
        ForAll.check(Gen.strings(0, 255), text -> {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

            assertThat(Utf8.isWellFormed(bytes, 0, bytes.length)).isTrue();
        });
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnArbitraryBytes() {
        ForAll.check(2000, Gen.bytes(255), bytes ->
                assertThat(Utf8.isWellFormed(bytes, 0, bytes.length)).isEqualTo(jdkAccepts(bytes)));
    }

    @Test
    void overlongEncodingsAreRejected() {
        assertThat(wellFormed(0xC0, 0x80)).isFalse();             // U+0000 in two bytes
        assertThat(wellFormed(0xE0, 0x80, 0xAF)).isFalse();       // '/' in three bytes
        assertThat(wellFormed(0xF0, 0x82, 0x82, 0xAC)).isFalse(); // U+20AC in four bytes
    }

    @Test
    void surrogatesAndCodePointsAboveTheMaximumAreRejected() {
        assertThat(wellFormed(0xED, 0xA0, 0x80)).isFalse();       // U+D800
        assertThat(wellFormed(0xF4, 0x90, 0x80, 0x80)).isFalse(); // U+110000
        assertThat(wellFormed(0xF4, 0x8F, 0xBF, 0xBF)).isTrue();  // U+10FFFF
    }

    @Test
    void truncatedSequencesAreRejected() {
        assertThat(wellFormed(0xE2, 0x82)).isFalse();             // U+20AC missing its last byte
        assertThat(wellFormed(0xE2, 0x82, 0xAC)).isTrue();        // U+20AC
        assertThat(wellFormed(0x80)).isFalse();                   // lone continuation byte
    }

    @Test
    void onlyTheGivenRangeIsChecked() {
        byte[] bytes = {(byte) 0xFF, 'o', 'k', (byte) 0xFF};

        assertThat(Utf8.isWellFormed(bytes, 1, 2)).isTrue();
    }

    private static boolean wellFormed(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return Utf8.isWellFormed(bytes, 0, bytes.length);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
