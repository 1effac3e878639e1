package io.tsunagu.storage.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opaque pagination cursors: base64url (no padding) of a kind byte and the position after which the next page
 * starts. Clients must pass them back unchanged; the kind byte keeps a cursor of one endpoint from being used on
 * another.
 */
final class PageCursor {

    static final String PARAMETER = "cursor";

    private static final byte MESSAGES = 1;
    private static final byte TOPICS = 2;
    private static final byte RETAINED = 3;

    private PageCursor() {
    }

    /** The cursor of the messages page after the message with {@code seq}. */
    static String ofSeq(long seq) {
        return encode(ByteBuffer.allocate(1 + Long.BYTES).put(MESSAGES).putLong(seq).array());
    }

    /** The seq after which the messages page of {@code cursor} starts; 0 for a null cursor (the first page). */
    static long toSeq(String cursor) {
        if (cursor == null) {
            return 0;
        }
        byte[] bytes = decode(cursor);
        if (bytes.length != 1 + Long.BYTES || bytes[0] != MESSAGES) {
            throw invalid();
        }
        long seq = ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
        if (seq < 0) {
            throw invalid();
        }
        return seq;
    }

    /** The cursor of the topics page after {@code topic}. */
    static String ofTopic(String topic) {
        return ofTopic(TOPICS, topic);
    }

    /** The topic after which the topics page of {@code cursor} starts; null for a null cursor. */
    static String toTopic(String cursor) {
        return toTopic(TOPICS, cursor);
    }

    /** The cursor of the retained-messages page after the retained message of {@code topic}. */
    static String ofRetainedTopic(String topic) {
        return ofTopic(RETAINED, topic);
    }

    /** The topic after which the retained-messages page of {@code cursor} starts; null for a null cursor. */
    static String toRetainedTopic(String cursor) {
        return toTopic(RETAINED, cursor);
    }

    private static String ofTopic(byte kind, String topic) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[1 + name.length];
        bytes[0] = kind;
        System.arraycopy(name, 0, bytes, 1, name.length);
        return encode(bytes);
    }

    private static String toTopic(byte kind, String cursor) {
        if (cursor == null) {
            return null;
        }
        byte[] bytes = decode(cursor);
        if (bytes.length < 2 || bytes[0] != kind) {
            throw invalid();
        }
        try {
            String topic = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Arrays.copyOfRange(bytes, 1, bytes.length)))
                    .toString();
            if (topic.indexOf('\u0000') >= 0) {
                throw invalid();
            }
            return topic;
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] decode(String cursor) {
        try {
            return Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static InvalidParameterException invalid() {
        return new InvalidParameterException(PARAMETER,
                "cursor is not one this endpoint returned; pass nextCursor from the previous page unchanged");
    }
}
