package io.tsunagu.storage.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The two JSON forms of a payload in the API's items: its bytes in base64, and its text when it is UTF-8. */
final class PayloadText {

    private PayloadText() {
    }

    /** The bytes in base64 (RFC 4648 §4). */
    static String base64(byte[] payload) {
        return Base64.getEncoder().encodeToString(payload);
    }

    /** The bytes as text when they are valid UTF-8, otherwise null. */
    static String utf8OrNull(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
