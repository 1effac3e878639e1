package io.tsunagu.routing.dispatch;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.session.ClientKey;
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
 * The headers that mark a publish-stream record as a copy handed back by an ingest node rather than a new message:
 * <ul>
 *   <li>{@link Streams#SHARE_TARGET_HEADER} (and {@link Streams#SHARE_EXCLUDE_HEADER}): a member of a shared
 *       subscription went away before acknowledging it; the record goes to one other member of that group only,
 *       never to anyone else (MQTT 5 §4.8.2);</li>
 *   <li>{@link Streams#SESSION_TARGET_HEADER} (and {@link Streams#DUP_HEADER}): the copy was on its way to a
 *       session's connection that ended (a disconnect or a takeover); the record goes to that session only,
 *       wherever it is now, or to its queue. With the DUP header it had been sent once already and goes out again as
 *       {@link DeliveryKind#REQUEUED}, with DUP 1 [MQTT-4.4.0-1].</li>
 * </ul>
 *
 * @param kind which of the two
 * @param target the group ({@code $share/{ShareName}/{filter}}) or the session key; null when the header is not
 *     valid UTF-8
 * @param excludedClientId the member that handed a shared copy back, or null when the header is absent
 * @param dup whether the copy had been sent to the session already
 * @param malformed why the headers cannot be used (a fault of the writer), or null when they can
 */
record HandedBackCopy(Kind kind, String target, String excludedClientId, boolean dup, String malformed) {

    /** What a handed-back copy is handed back to. */
    enum Kind {
        /** Another member of a shared subscription. */
        SHARED,
        /** The same session, wherever it is now. */
        SESSION
    }

    /** The hand-back headers of {@code message}, or empty when it is a new message (no target header). */
    static Optional<HandedBackCopy> of(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> record.getHeaders())
                .flatMap(HandedBackCopy::of);
    }

    /** The hand-back headers among {@code headers}, or empty when there is no target header. */
    static Optional<HandedBackCopy> of(Headers headers) {
        Header session = headers.lastHeader(Streams.SESSION_TARGET_HEADER);
        Header share = headers.lastHeader(Streams.SHARE_TARGET_HEADER);
        if (session != null) {
            return Optional.of(toSession(session, share != null, headers.lastHeader(Streams.DUP_HEADER) != null));
        }
        if (share == null) {
            return Optional.empty();
        }
        Header exclude = headers.lastHeader(Streams.SHARE_EXCLUDE_HEADER);
        String targetText = utf8(share.value());
        String excludedText = exclude == null ? null : utf8(exclude.value());
        return Optional.of(new HandedBackCopy(Kind.SHARED, targetText, excludedText, false,
                sharedProblem(targetText, exclude, excludedText)));
    }

    /** Whether the headers name a group or a session, and the excluded client if they name one. */
    boolean isValid() {
        return malformed == null;
    }

    /** The session a {@link Kind#SESSION} copy goes to; empty for a shared one or when malformed. */
    Optional<ClientKey> session() {
        return kind == Kind.SESSION && isValid() ? ClientKey.fromSessionKey(target) : Optional.empty();
    }

    /** How the copy is delivered: again, with DUP 1, when it had been sent to its session already. */
    DeliveryKind deliveryKind() {
        return kind == Kind.SESSION && dup ? DeliveryKind.REQUEUED : DeliveryKind.LIVE;
    }

    private static HandedBackCopy toSession(Header session, boolean alsoShared, boolean dup) {
        String target = utf8(session.value());
        String problem;
        if (target == null) {
            problem = Streams.SESSION_TARGET_HEADER + " is not UTF-8";
        } else if (alsoShared) {
            problem = "both " + Streams.SESSION_TARGET_HEADER + " and " + Streams.SHARE_TARGET_HEADER;
        } else if (Streams.isNodeKey(target) || ClientKey.fromSessionKey(target).isEmpty()) {
            problem = Streams.SESSION_TARGET_HEADER + " is not a session key: " + target.replace('\u0000', '/');
        } else {
            problem = null;
        }
        return new HandedBackCopy(Kind.SESSION, target, null, dup, problem);
    }

    private static String sharedProblem(String target, Header exclude, String excludedClientId) {
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
