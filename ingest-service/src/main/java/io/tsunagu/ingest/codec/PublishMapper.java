package io.tsunagu.ingest.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.UserProperty;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/** Maps PUBLISH packets to publish events and back (MQTT 5 §3.3.2.3). Pure functions. */
public final class PublishMapper {

    private PublishMapper() {
    }

    /**
     * A view of a received payload. vertx-mqtt hands over an unpooled heap buffer (it copies pooled input out of
     * Netty's pool), so the view points into that buffer's array and nothing is copied here; the one copy we make
     * is into the stream record.
     */
    @SuppressWarnings("deprecation")
    public static Payload payloadOf(Buffer buffer) {
        ByteBuf byteBuf = buffer.getByteBuf();
        int length = byteBuf.readableBytes();
        if (length == 0) {
            return Payload.empty();
        }
        if (byteBuf.hasArray()) {
            return Payload.slice(byteBuf.array(), byteBuf.arrayOffset() + byteBuf.readerIndex(), length);
        }
        byte[] copy = new byte[length];
        byteBuf.getBytes(byteBuf.readerIndex(), copy);
        return Payload.wrap(copy);
    }

    /** A buffer over {@code payload} for writing it to a client, without copying it. */
    public static Buffer toBuffer(Payload payload) {
        return Buffer.buffer(Unpooled.wrappedBuffer(payload.array(), payload.offset(), payload.length()));
    }

    /** The publish event for {@code publish}, received at {@code receivedAt} and identified by {@code messageId}. */
    public static PublishEvent toEvent(InboundPublish publish, PublishOrigin origin, UUID messageId,
            Instant receivedAt) {
        return new PublishEvent(messageId, origin.tenant(), origin.clientId(), origin.nodeId(), publish.topic(),
                publish.qos(), publish.retain(), receivedAt, toMessageProperties(publish.properties()),
                publish.payload());
    }

    /** The application-message properties of a PUBLISH; {@link MessageProperties#none()} when there are none. */
    public static MessageProperties toMessageProperties(MqttProperties properties) {
        if (properties.isEmpty()) {
            return MessageProperties.none();
        }
        return new MessageProperties(
                optionalInt(properties, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR),
                optionalUnsigned(properties, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL),
                string(properties, MqttPropertyType.CONTENT_TYPE),
                string(properties, MqttPropertyType.RESPONSE_TOPIC),
                binary(properties, MqttPropertyType.CORRELATION_DATA),
                userProperties(properties));
    }

    /**
     * The PUBLISH properties for delivering a message: every property unaltered [MQTT-3.3.2-4] [MQTT-3.3.2-20],
     * user properties in order [MQTT-3.3.2-18], and the expiry interval reduced to {@code remainingExpiry}
     * [MQTT-3.3.2-6].
     */
    public static MqttProperties toMqttProperties(MessageProperties message, OptionalLong remainingExpiry) {
        MqttProperties properties = new MqttProperties();
        message.payloadFormatIndicator().ifPresent(value ->
                properties.add(new IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), value)));
        remainingExpiry.ifPresent(seconds -> properties.add(
                new IntegerProperty(MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), (int) seconds)));
        addString(properties, MqttPropertyType.CONTENT_TYPE, message.contentType());
        addString(properties, MqttPropertyType.RESPONSE_TOPIC, message.responseTopic());
        if (message.correlationData() != null) {
            properties.add(new BinaryProperty(MqttPropertyType.CORRELATION_DATA.value(),
                    message.correlationData().toByteArray()));
        }
        for (UserProperty property : message.userProperties()) {
            properties.add(new MqttProperties.UserProperty(property.name(), property.value()));
        }
        return properties;
    }

    private static OptionalInt optionalInt(MqttProperties properties, MqttPropertyType type) {
        MqttProperty<?> property = properties.getProperty(type.value());
        return property != null && property.value() instanceof Integer value ? OptionalInt.of(value)
                : OptionalInt.empty();
    }

    private static OptionalLong optionalUnsigned(MqttProperties properties, MqttPropertyType type) {
        MqttProperty<?> property = properties.getProperty(type.value());
        return property != null && property.value() instanceof Integer value
                ? OptionalLong.of(Integer.toUnsignedLong(value)) : OptionalLong.empty();
    }

    private static String string(MqttProperties properties, MqttPropertyType type) {
        MqttProperty<?> property = properties.getProperty(type.value());
        return property != null && property.value() instanceof String value ? value : null;
    }

    private static Payload binary(MqttProperties properties, MqttPropertyType type) {
        MqttProperty<?> property = properties.getProperty(type.value());
        return property != null && property.value() instanceof byte[] value ? Payload.wrap(value) : null;
    }

    private static List<UserProperty> userProperties(MqttProperties properties) {
        List<? extends MqttProperty> found = properties.getProperties(MqttPropertyType.USER_PROPERTY.value());
        List<UserProperty> result = new ArrayList<>(found.size());
        for (MqttProperty<?> property : found) {
            if (property instanceof MqttProperties.UserProperty user) {
                result.add(new UserProperty(user.value().key, user.value().value));
            }
        }
        return result;
    }

    private static void addString(MqttProperties properties, MqttPropertyType type, String value) {
        if (value != null) {
            properties.add(new StringProperty(type.value(), value));
        }
    }
}
