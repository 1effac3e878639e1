package io.tsunagu.contracts.amqp;

import java.time.Instant;
import java.util.Map;

/**
 * The content properties of class basic (amqp0-9-1.xml, class basic, its {@code <field>}s), in wire order: the
 * first is flag bit 15 of the property flags (§4.2.6.1). An absent property is {@code null} and its flag bit is
 * clear. Values are not checked here; {@link BasicPropertiesCodec#encode} refuses what the wire cannot carry.
 *
 * @param contentType     MIME content type (shortstr)
 * @param contentEncoding MIME content encoding (shortstr)
 * @param headers         application headers (field table, see {@link FieldTables} for the Java types)
 * @param deliveryMode    1 transient, 2 {@linkplain #PERSISTENT persistent} (octet)
 * @param priority        0 to 9 in the spec; RabbitMQ accepts any octet and caps it at the queue's maximum
 * @param correlationId   application correlation identifier (shortstr)
 * @param replyTo         address to reply to (shortstr)
 * @param expiration      per-message TTL; RabbitMQ reads it as milliseconds in decimal digits (shortstr)
 * @param messageId       application message identifier (shortstr)
 * @param timestamp       message timestamp, whole seconds (64-bit POSIX time)
 * @param type            message type name (shortstr)
 * @param userId          creating user id; RabbitMQ checks it against the connection's user (shortstr)
 * @param appId           creating application id (shortstr)
 * @param clusterId       deprecated in 0-9-1, carried unchanged (shortstr)
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

    /** Number of basic properties (flag bits 15 down to 2). */
    public static final int COUNT = 14;

    /** No property set. */
    public static final BasicProperties EMPTY = fromValues(new Object[COUNT]);

    /** delivery-mode 1: transient. */
    public static final int TRANSIENT = 1;

    /** delivery-mode 2: persistent (RabbitMQ writes the message to disk in a durable queue). */
    public static final int PERSISTENT = 2;

    /** A copy with {@code contentType} set, or removed when {@code null}. */
    public BasicProperties withContentType(String value) {
        return with(Index.CONTENT_TYPE, value);
    }

    /** A copy with {@code headers} set, or removed when {@code null}. */
    public BasicProperties withHeaders(Map<String, Object> value) {
        return with(Index.HEADERS, value);
    }

    /** A copy with {@code deliveryMode} set (1 transient, 2 persistent), or removed when {@code null}. */
    public BasicProperties withDeliveryMode(Integer value) {
        return with(Index.DELIVERY_MODE, value);
    }

    /** A copy with {@code priority} set, or removed when {@code null}. */
    public BasicProperties withPriority(Integer value) {
        return with(Index.PRIORITY, value);
    }

    /** A copy with {@code expiration} set, or removed when {@code null} (as dead-lettering does). */
    public BasicProperties withExpiration(String value) {
        return with(Index.EXPIRATION, value);
    }

    /** Whether delivery-mode is 2. */
    public boolean persistent() {
        return deliveryMode != null && deliveryMode == PERSISTENT;
    }

    private BasicProperties with(int index, Object value) {
        Object[] v = values();
        v[index] = value;
        return fromValues(v);
    }

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

    /** Wire positions (0 = flag bit 15) of the properties the codec and the copy methods name. */
    static final class Index {
        static final int CONTENT_TYPE = 0;
        static final int HEADERS = 2;
        static final int DELIVERY_MODE = 3;
        static final int PRIORITY = 4;
        static final int EXPIRATION = 7;

        private Index() {
        }
    }
}
