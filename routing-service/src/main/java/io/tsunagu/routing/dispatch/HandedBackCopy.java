package io.tsunagu.routing.dispatch;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.topic.SharedFilter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The headers that mark a publish-stream record as a copy handed back by a member of a shared subscription that
 * went away before acknowledging it ({@link Streams#SHARE_TARGET_HEADER}, {@link Streams#SHARE_EXCLUDE_HEADER}):
 * the record goes to one other member of that group only, never to anyone else (MQTT 5 §4.8.2).
 *
 * @param target the group, {@code $share/{ShareName}/{filter}}; null when the header is not valid UTF-8
 * @param excludedClientId the member that handed the copy back, or null when the header is absent
 * @param malformed why the headers cannot be used (a fault of the writer), or null when they can
 */
record HandedBackCopy(String target, String excludedClientId, String malformed) {

    /** The hand-back headers of {@code message}, or empty when it is a new message (no target header). */
    static Optional<HandedBackCopy> of(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> record.getHeaders())
                .flatMap(HandedBackCopy::of);
    }

    /** The hand-back headers among {@code headers}, or empty when there is no target header. */
    static Optional<HandedBackCopy> of(Headers headers) {
        Header target = headers.lastHeader(Streams.SHARE_TARGET_HEADER);
        if (target == null) {
            return Optional.empty();
        }
        Header exclude = headers.lastHeader(Streams.SHARE_EXCLUDE_HEADER);
        String targetText = utf8(target.value());
        String excludedText = exclude == null ? null : utf8(exclude.value());
        return Optional.of(new HandedBackCopy(targetText, excludedText, problem(targetText, exclude, excludedText)));
    }

    /** Whether the headers name a group, and the excluded client if they name one. */
    boolean isValid() {
        return malformed == null;
    }

    private static String problem(String target, Header exclude, String excludedClientId) {
        if (target == null) {
            return Streams.SHARE_TARGET_HEADER + " is not UTF-8";
        }
        if (SharedFilter.parse(target).isEmpty()) {
            return Streams.SHARE_TARGET_HEADER + " is not a shared filter: " + target;
        }
        if (exclude != null && excludedClientId == null) {
            return Streams.SHARE_EXCLUDE_HEADER + " is not UTF-8";
        }
        return null;
    }

    /** The UTF-8 text of {@code bytes} (a header without a value is empty), or null when they are not UTF-8. */
    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
