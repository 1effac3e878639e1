package io.tsunagu.contracts.event;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The application-message properties that travel with a publish from publisher to subscriber (MQTT 5 §3.3.2.3).
 * An MQTT 3.1.1 publish carries {@link #none()}.
 *
 * @param payloadFormatIndicator 0 (unspecified bytes) or 1 (UTF-8), when the publisher sent one
 * @param messageExpiryInterval seconds the message stays deliverable, when the publisher set one
 * @param contentType MIME-like content type, or null
 * @param responseTopic topic for a response (request/response pattern), or null
 * @param correlationData opaque correlation bytes, or null
 * @param userProperties user properties in the order the publisher sent them
 */
public record MessageProperties(
        OptionalInt payloadFormatIndicator,
        OptionalLong messageExpiryInterval,
        String contentType,
        String responseTopic,
        Payload correlationData,
        List<UserProperty> userProperties) {

    private static final MessageProperties NONE = new MessageProperties(
            OptionalInt.empty(), OptionalLong.empty(), null, null, null, List.of());

    public MessageProperties {
        Objects.requireNonNull(payloadFormatIndicator, "payloadFormatIndicator");
        Objects.requireNonNull(messageExpiryInterval, "messageExpiryInterval");
        payloadFormatIndicator.ifPresent(MessageProperties::checkPayloadFormatIndicator);
        messageExpiryInterval.ifPresent(MessageProperties::checkMessageExpiryInterval);
        userProperties = List.copyOf(userProperties);
    }

    /** The largest message expiry interval: MQTT's Four Byte Integer (MQTT 5 §1.5.3). */
    public static final long MAX_MESSAGE_EXPIRY_INTERVAL = 0xFFFF_FFFFL;

    /** No properties at all, as for an MQTT 3.1.1 publish. */
    public static MessageProperties none() {
        return NONE;
    }

    /** True when no property is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    private static void checkPayloadFormatIndicator(int value) {
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException("payload format indicator must be 0 or 1: " + value);
        }
    }

    private static void checkMessageExpiryInterval(long value) {
        if (value < 0 || value > MAX_MESSAGE_EXPIRY_INTERVAL) {
            throw new IllegalArgumentException("message expiry interval out of range: " + value);
        }
    }
}
