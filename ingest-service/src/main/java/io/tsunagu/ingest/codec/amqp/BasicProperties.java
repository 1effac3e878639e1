package io.tsunagu.ingest.codec.amqp;

import java.time.Instant;
import java.util.Map;

/**
 * The content properties of class basic (amqp0-9-1.xml class basic {@code <field>}s), in wire order. Absent
 * properties are {@code null}; their property-flag bit is clear (§4.2.6.1).
 */
public record BasicProperties(
        String contentType,
        String contentEncoding,
        Map<String, Object> headers,
        Integer deliveryMode,
        Integer priority,
        String correlationId,
        String replyTo,
        String expiration,
        String messageId,
        Instant timestamp,
        String type,
        String userId,
        String appId,
        String clusterId) {

    /** No property set. */
    public static final BasicProperties EMPTY = fromValues(new Object[ContentHeaderCodec.PROPERTY_COUNT]);

    /** delivery-mode 2: persistent. */
    public static final int PERSISTENT = 2;

    /** The properties in wire order (flag bit 15 first), {@code null} where absent. */
    Object[] values() {
        return new Object[] {contentType, contentEncoding, headers, deliveryMode, priority, correlationId, replyTo,
            expiration, messageId, timestamp, type, userId, appId, clusterId};
    }

    @SuppressWarnings("unchecked")
    static BasicProperties fromValues(Object[] v) {
        return new BasicProperties((String) v[0], (String) v[1], (Map<String, Object>) v[2], (Integer) v[3],
                (Integer) v[4], (String) v[5], (String) v[6], (String) v[7], (String) v[8], (Instant) v[9],
                (String) v[10], (String) v[11], (String) v[12], (String) v[13]);
    }

    /** A copy with {@code contentType} set. */
    public BasicProperties withContentType(String value) {
        Object[] v = values();
        v[0] = value;
        return fromValues(v);
    }

    /** A copy with {@code deliveryMode} set (1 transient, 2 persistent). */
    public BasicProperties withDeliveryMode(int value) {
        Object[] v = values();
        v[3] = value;
        return fromValues(v);
    }

    /** A copy with {@code headers} set. */
    public BasicProperties withHeaders(Map<String, Object> value) {
        Object[] v = values();
        v[2] = value;
        return fromValues(v);
    }

    /** A copy with {@code priority} set. */
    public BasicProperties withPriority(int value) {
        Object[] v = values();
        v[4] = value;
        return fromValues(v);
    }
}
