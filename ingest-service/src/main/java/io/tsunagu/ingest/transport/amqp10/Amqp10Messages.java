package io.tsunagu.ingest.transport.amqp10;

import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.LongString;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * Maps AMQP 1.0 messages (AMQP 1.0 §3.2, the bare message's sections) to AMQP 0-9-1 basic properties and body and
 * back, as RabbitMQ's AMQP 1.0 support does. Inbound: the body's data sections, concatenated (an amqp-value holding
 * a binary or a string is taken as its bytes; other bodies are refused); header durable → delivery-mode 2, priority
 * → priority, ttl → expiration (milliseconds); properties message-id, correlation-id, content-type,
 * content-encoding, reply-to, user-id, creation-time → the basic properties of those names (ids as text);
 * application-properties → headers. Outbound the reverse, plus the routing key as {@code subject} and
 * {@code delivery-count} 1 for a redelivered message. One instance per connection: proton's codec is not
 * thread-safe. Event-loop only.
 */
final class Amqp10Messages {

    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);

    Amqp10Messages() {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    /** A received message, mapped: the basic property section, the body and the subject (or null). */
    record Inbound(byte[] properties, byte[] body, String subject) {
    }

    /** Why a message could not be mapped: an AMQP 1.0 error condition and a description. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Symbol condition;

        Refused(Symbol condition, String description) {
            super(description, null, false, false);
            this.condition = condition;
        }

        Symbol condition() {
            return condition;
        }
    }

    /** Decodes the sections in {@code encoded} and maps them. */
    Inbound decode(byte[] encoded) throws Refused {
        Sections sections = new Sections();
        try {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            decoder.setByteBuffer(in);
            while (in.hasRemaining()) {
                sections.add(decoder.readObject());
            }
        } catch (RuntimeException e) {
            throw new Refused(Symbol.valueOf("amqp:decode-error"), "message does not decode: " + e.getMessage());
        }
        return new Inbound(BasicPropertiesCodec.encode(toBasicProperties(sections)), sections.body(),
                sections.properties == null ? null : sections.properties.getSubject());
    }

    /** The sections of one message as read. */
    private static final class Sections {
        private Header header;
        private Properties properties;
        private ApplicationProperties applicationProperties;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private Object value;

        void add(Object section) throws Refused {
            switch (section) {
                case Header h -> header = h;
                case Properties p -> properties = p;
                case ApplicationProperties a -> applicationProperties = a;
                case Data d -> data.write(d.getValue().getArray(), d.getValue().getArrayOffset(),
                        d.getValue().getLength());
                case AmqpValue v -> value = v.getValue();
                case Section s -> {
                    // Annotations, footers and amqp-sequence bodies: annotations and footers have no AMQP 0-9-1
                    // place; a sequence body is refused by body() below when it is the only body.
                    if (s instanceof AmqpSequence) {
                        value = s;
                    }
                }
                default -> throw new Refused(Symbol.valueOf("amqp:decode-error"), "not a message section");
            }
        }

        byte[] body() throws Refused {
            if (value == null || data.size() > 0) {
                return data.toByteArray();
            }
            return switch (value) {
                case Binary b -> b.getArray().length == b.getLength() && b.getArrayOffset() == 0 ? b.getArray()
                        : Arrays.copyOfRange(b.getArray(), b.getArrayOffset(),
                                b.getArrayOffset() + b.getLength());
                case String s -> s.getBytes(StandardCharsets.UTF_8);
                default -> throw new Refused(Symbol.valueOf("amqp:not-implemented"),
                        "only data sections, or an amqp-value of a binary or a string, are accepted as the body");
            };
        }
    }

    private static BasicProperties toBasicProperties(Sections sections) {
        BasicProperties basic = BasicProperties.EMPTY;
        if (sections.header != null) {
            basic = withHeader(basic, sections.header);
        }
        Properties p = sections.properties;
        String messageId = p == null ? null : idText(p.getMessageId());
        String correlationId = p == null ? null : idText(p.getCorrelationId());
        String contentType = p == null || p.getContentType() == null ? null : p.getContentType().toString();
        String contentEncoding = p == null || p.getContentEncoding() == null ? null
                : p.getContentEncoding().toString();
        String userId = p == null || p.getUserId() == null ? null : utf8(p.getUserId());
        Instant timestamp = p == null || p.getCreationTime() == null ? null
                : Instant.ofEpochSecond(p.getCreationTime().getTime() / 1000);
        Map<String, Object> headers = sections.applicationProperties == null ? null
                : toHeaders(sections.applicationProperties.getValue());
        return new BasicProperties(contentType, contentEncoding, headers, basic.deliveryMode(), basic.priority(),
                correlationId, p == null ? null : p.getReplyTo(), basic.expiration(), messageId, timestamp, null,
                userId, null, null);
    }

    private static BasicProperties withHeader(BasicProperties basic, Header header) {
        BasicProperties mapped = basic;
        if (Boolean.TRUE.equals(header.getDurable())) {
            mapped = mapped.withDeliveryMode(BasicProperties.PERSISTENT);
        }
        if (header.getPriority() != null) {
            mapped = mapped.withPriority(header.getPriority().intValue());
        }
        if (header.getTtl() != null) {
            mapped = mapped.withExpiration(Long.toString(header.getTtl().longValue()));
        }
        return mapped;
    }

    /** Message and correlation ids (string, uuid, ulong or binary, AMQP 1.0 §3.2.11) as text. */
    private static String idText(Object id) {
        return switch (id) {
            case null -> null;
            case Binary b -> utf8(b);
            default -> id.toString();
        };
    }

    private static String utf8(Binary binary) {
        return new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), StandardCharsets.UTF_8);
    }

    /** application-properties → field table values (simple types only, AMQP 1.0 §3.2.5). */
    private static Map<String, Object> toHeaders(Map<String, Object> properties) {
        if (properties == null) {
            return null;
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        properties.forEach((name, value) -> headers.put(name, toFieldValue(value)));
        return headers;
    }

    private static Object toFieldValue(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Byte b -> b;
            case Short s -> s;
            case Integer i -> i;
            case Long l -> l;
            case Float f -> f;
            case Double d -> d;
            case UnsignedByte u -> u.intValue();
            case UnsignedShort u -> u.intValue();
            case UnsignedInteger u -> u.longValue();
            case UnsignedLong u -> u.bigIntegerValue().bitLength() < Long.SIZE ? (Object) u.longValue()
                    : new BigDecimal(u.bigIntegerValue());
            case Binary b -> Arrays.copyOfRange(b.getArray(), b.getArrayOffset(),
                    b.getArrayOffset() + b.getLength());
            case Date d -> Instant.ofEpochMilli(d.getTime());
            default -> value.toString();
        };
    }

    /** Encodes a delivery: header, properties, application-properties and the body as one data section. */
    byte[] encode(Outbound message) {
        BasicProperties basic = BasicPropertiesCodec.decode(message.properties());
        List<Section> sections = List.of(toHeader(basic, message.redelivered()),
                toProperties(basic, message.routingKey()));
        ApplicationProperties application = basic.headers() == null || basic.headers().isEmpty() ? null
                : new ApplicationProperties(fromHeaders(basic.headers()));
        int capacity = message.body().length + message.properties().length * 2 + 256;
        while (true) {
            try {
                return encode(sections, application, message.body(), capacity);
            } catch (BufferOverflowException e) {
                capacity *= 2;
            }
        }
    }

    /** What goes out: the basic property section, the routing key, the body and whether it was redelivered. */
    record Outbound(byte[] properties, String routingKey, byte[] body, boolean redelivered) {
    }

    private byte[] encode(List<Section> sections, ApplicationProperties application, byte[] body, int capacity) {
        ByteBuffer out = ByteBuffer.allocate(capacity);
        encoder.setByteBuffer(new WritableBuffer.ByteBufferWrapper(out));
        for (Section section : sections) {
            encoder.writeObject(section);
        }
        if (application != null) {
            encoder.writeObject(application);
        }
        encoder.writeObject(new Data(new Binary(body)));
        return Arrays.copyOf(out.array(), out.position());
    }

    private static Header toHeader(BasicProperties basic, boolean redelivered) {
        Header header = new Header();
        header.setDurable(basic.persistent());
        if (basic.priority() != null) {
            header.setPriority(UnsignedByte.valueOf((byte) (int) basic.priority()));
        }
        Long ttl = ttl(basic.expiration());
        if (ttl != null) {
            header.setTtl(UnsignedInteger.valueOf(ttl));
        }
        // AMQP 1.0 §3.2.1: delivery-count counts earlier unsuccessful delivery attempts; 0-9-1 only knows "maybe".
        header.setDeliveryCount(UnsignedInteger.valueOf(redelivered ? 1 : 0));
        header.setFirstAcquirer(!redelivered);
        return header;
    }

    private static Long ttl(String expiration) {
        if (expiration == null) {
            return null;
        }
        try {
            long ttl = Long.parseLong(expiration);
            return ttl >= 0 && ttl <= 0xFFFF_FFFFL ? ttl : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Properties toProperties(BasicProperties basic, String routingKey) {
        Properties properties = new Properties();
        properties.setMessageId(basic.messageId());
        properties.setCorrelationId(basic.correlationId());
        properties.setContentType(basic.contentType() == null ? null : Symbol.valueOf(basic.contentType()));
        properties.setContentEncoding(basic.contentEncoding() == null ? null
                : Symbol.valueOf(basic.contentEncoding()));
        properties.setReplyTo(basic.replyTo());
        properties.setUserId(basic.userId() == null ? null
                : new Binary(basic.userId().getBytes(StandardCharsets.UTF_8)));
        properties.setCreationTime(basic.timestamp() == null ? null : Date.from(basic.timestamp()));
        properties.setSubject(routingKey);
        return properties;
    }

    /** Field table values → application-properties values (simple types; tables and arrays as text). */
    private static Map<String, Object> fromHeaders(Map<String, Object> headers) {
        Map<String, Object> properties = new LinkedHashMap<>();
        headers.forEach((name, value) -> properties.put(name, fromFieldValue(value)));
        return properties;
    }

    private static Object fromFieldValue(Object value) {
        return switch (value) {
            case null -> null;
            case LongString s -> s.toString();
            case String s -> s;
            case Boolean b -> b;
            case Byte b -> b;
            case Short s -> s;
            case Integer i -> i;
            case Long l -> l;
            case Float f -> f;
            case Double d -> d;
            case byte[] b -> new Binary(b);
            case Instant t -> Date.from(t);
            default -> value.toString();
        };
    }
}
