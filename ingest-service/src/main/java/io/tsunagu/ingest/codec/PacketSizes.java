package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import java.nio.charset.StandardCharsets;

/**
 * Sizes of outgoing packets, computed before writing them so that a client never gets a packet larger than the
 * Maximum Packet Size it announced [MQTT-3.1.2-24]. Pure functions.
 */
public final class PacketSizes {

    private static final int STRING_LENGTH_PREFIX = 2;
    private static final int PACKET_ID = 2;

    private PacketSizes() {
    }

    /**
     * The size of a PUBLISH packet: fixed header, topic name, packet identifier when {@code qos} &gt; 0, the
     * property section ({@link #propertiesSection}, 0 for MQTT 3.1.1) and the payload (MQTT 5 §3.3).
     */
    public static long publish(String topic, int qos, int propertiesSection, int payloadLength) {
        long remaining = STRING_LENGTH_PREFIX + utf8Length(topic) + (qos > 0 ? PACKET_ID : 0)
                + propertiesSection + (long) payloadLength;
        return 1 + variableByteIntegerSize(remaining) + remaining;
    }

    /** The size of an MQTT 5 property section: its length as a variable byte integer, then the properties. */
    public static int propertiesSection(MqttProperties properties) {
        int length = 0;
        for (MqttProperty<?> property : properties.listAll()) {
            length += propertySize(property);
        }
        return variableByteIntegerSize(length) + length;
    }

    /** The bytes a variable byte integer takes (MQTT 5 §1.5.5). */
    public static int variableByteIntegerSize(long value) {
        int size = 1;
        long rest = value >>> 7;
        while (rest > 0) {
            size++;
            rest >>>= 7;
        }
        return size;
    }

    private static int propertySize(MqttProperty<?> property) {
        Object value = property.value();
        if (property instanceof MqttProperties.UserProperties users) {
            int size = 0;
            for (MqttProperties.StringPair pair : users.value()) {
                size += 1 + STRING_LENGTH_PREFIX + utf8Length(pair.key) + STRING_LENGTH_PREFIX + utf8Length(pair.value);
            }
            return size;
        }
        if (value instanceof String text) {
            return 1 + STRING_LENGTH_PREFIX + utf8Length(text);
        }
        if (value instanceof byte[] bytes) {
            return 1 + STRING_LENGTH_PREFIX + bytes.length;
        }
        return 1 + integerSize(property.propertyId(), (Integer) value);
    }

    /** The size of an integer property's value, by its type (MQTT 5 §2.2.2.2). */
    private static int integerSize(int propertyId, int value) {
        MqttProperties.MqttPropertyType type = MqttProperties.MqttPropertyType.valueOf(propertyId);
        return switch (type) {
            case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> 2;
            case PUBLICATION_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE -> 4;
            case SUBSCRIPTION_IDENTIFIER -> variableByteIntegerSize(Integer.toUnsignedLong(value));
            default -> 1;
        };
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
