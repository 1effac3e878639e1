package io.tsunagu.ingest.codec;

import io.netty.buffer.ByteBuf;
import io.tsunagu.contracts.error.IngestError;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Rules about a packet's bytes that Netty's MQTT decoder does not check and whose evidence its decoded message no
 * longer carries, checked on the whole packet (fixed header included) before it is decoded. Pure functions; the
 * buffer's indexes are not moved.
 * <ul>
 *   <li>MQTT 3.1: a client identifier of 1 to 23 characters; an empty one gets CONNACK 2 (MQTT 3.1 §3.1), which
 *       Netty's decoder cannot send.</li>
 *   <li>MQTT 3.1 and 3.1.1: no Password Flag without the User Name Flag [MQTT-3.1.2-22].</li>
 *   <li>MQTT 5: a property other than User Property at most once per packet, or Protocol Error (MQTT 5 §2.2.2.2);
 *       Netty keeps the last of a repeated property.</li>
 *   <li>MQTT 5: the reserved bits 6 and 7 of subscription options are 0 [MQTT-3.8.3-5]; 3.1.1: bits 2 to 7
 *       [MQTT-3-8.3-4].</li>
 * </ul>
 * Bytes these rules cannot parse are left to the decoder, which reports them as malformed.
 */
public final class RawPacketRules {

    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;
    private static final int PUBACK = 4;
    private static final int PUBCOMP = 7;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;
    private static final int DISCONNECT = 14;
    private static final int AUTH = 15;
    private static final int USER_NAME_FLAG = 0x80;
    private static final int PASSWORD_FLAG = 0x40;
    private static final int WILL_FLAG = 0x04;
    private static final int USER_PROPERTY = 0x26;

    private RawPacketRules() {
    }

    /** The packet type (upper four bits of the first byte) of {@code packet}. */
    public static int packetType(ByteBuf packet) {
        return packet.getUnsignedByte(packet.readerIndex()) >> 4;
    }

    /** The protocol level of a CONNECT packet, or empty when its variable header cannot be read. */
    public static Optional<Integer> protocolLevel(ByteBuf connect) {
        Cursor cursor = Cursor.afterFixedHeader(connect);
        if (cursor == null || !cursor.skipString()) {
            return Optional.empty();
        }
        return cursor.remaining() >= 1 ? Optional.of(cursor.readByte()) : Optional.empty();
    }

    /**
     * Checks {@code packet} of a connection at {@code level} (the CONNECT's protocol level; any value for the
     * CONNECT itself, whose own level applies).
     */
    public static PacketCheck check(ByteBuf packet, int level) {
        Cursor cursor = Cursor.afterFixedHeader(packet);
        if (cursor == null) {
            return PacketCheck.passed();
        }
        int type = packetType(packet);
        if (type == CONNECT) {
            return checkConnect(cursor);
        }
        if (type == SUBSCRIBE) {
            return checkSubscribe(cursor, level);
        }
        if (level != MqttVersion.MQTT_5) {
            return PacketCheck.passed();
        }
        return propertiesOffset(packet, type, cursor) ? checkProperties(cursor) : PacketCheck.passed();
    }

    private static PacketCheck checkConnect(Cursor cursor) {
        if (!cursor.skipString() || cursor.remaining() < 4) {
            return PacketCheck.passed();
        }
        int level = cursor.readByte();
        int flags = cursor.readByte();
        cursor.skip(2);
        if ((level == MqttVersion.MQTT_3_1 || level == MqttVersion.MQTT_3_1_1) && (flags & PASSWORD_FLAG) != 0 && (flags & USER_NAME_FLAG) == 0) {
            return PacketCheck.failed(IngestError.MALFORMED_PACKET, "Password Flag without User Name Flag "
                    + "[MQTT-3.1.2-22]");
        }
        if (level == MqttVersion.MQTT_3_1) {
            // Longer identifiers are refused after decoding (max-client-id-length-mqtt31); Netty's decoder refuses
            // an empty one itself, without an answer.
            return cursor.remaining() >= 2 && cursor.peekShort() == 0
                    ? PacketCheck.failed(IngestError.CLIENT_IDENTIFIER_NOT_VALID,
                            "an MQTT 3.1 client identifier has 1 to 23 characters")
                    : PacketCheck.passed();
        }
        if (level != MqttVersion.MQTT_5) {
            return PacketCheck.passed();
        }
        PacketCheck properties = checkProperties(cursor);
        if (!properties.isPassed() || (flags & WILL_FLAG) == 0 || !cursor.skipString()) {
            return properties;
        }
        return checkProperties(cursor);
    }

    private static PacketCheck checkSubscribe(Cursor cursor, int level) {
        cursor.skip(2);
        if (level == MqttVersion.MQTT_5) {
            PacketCheck properties = checkProperties(cursor);
            if (!properties.isPassed()) {
                return properties;
            }
        }
        int reserved = level == MqttVersion.MQTT_5 ? 0xC0 : 0xFC;
        while (cursor.remaining() > 0) {
            if (!cursor.skipString() || cursor.remaining() < 1) {
                return PacketCheck.passed();
            }
            if ((cursor.readByte() & reserved) != 0) {
                return PacketCheck.failed(IngestError.MALFORMED_PACKET, "reserved bits of the subscription options "
                        + "are not 0 [MQTT-3.8.3-5] [MQTT-3-8.3-4]");
            }
        }
        return PacketCheck.passed();
    }

    /** Moves {@code cursor} to the Property Length of a packet that has properties; false when it has none. */
    private static boolean propertiesOffset(ByteBuf packet, int type, Cursor cursor) {
        if (type == PUBLISH) {
            int qos = (packet.getUnsignedByte(packet.readerIndex()) >> 1) & 0x03;
            return cursor.skipString() && cursor.skip(qos > 0 ? 2 : 0);
        }
        if (type >= PUBACK && type <= PUBCOMP) {
            // Packet Identifier and Reason Code; the properties may be omitted (MQTT 5 §3.4.2.2.1).
            return cursor.remaining() >= 4 && cursor.skip(3);
        }
        if (type == UNSUBSCRIBE) {
            return cursor.skip(2);
        }
        if (type == DISCONNECT || type == AUTH) {
            return cursor.remaining() >= 2 && cursor.skip(1);
        }
        return false;
    }

    /** Reads one property list, refusing a repeated property other than User Property (MQTT 5 §2.2.2.2). */
    private static PacketCheck checkProperties(Cursor cursor) {
        int length = cursor.readVariableByteInteger();
        if (length < 0 || length > cursor.remaining()) {
            return PacketCheck.passed();
        }
        Cursor properties = cursor.slice(length);
        cursor.skip(length);
        BitSet seen = new BitSet(0x30);
        while (properties.remaining() > 0) {
            int identifier = properties.readVariableByteInteger();
            if (identifier < 0 || !properties.skipPropertyValue(identifier)) {
                return PacketCheck.passed();
            }
            if (identifier != USER_PROPERTY && seen.get(identifier)) {
                return PacketCheck.failed(IngestError.PROTOCOL_ERROR, String.format(Locale.ROOT,
                        "property 0x%02X included more than once (MQTT 5 §2.2.2.2)", identifier));
            }
            seen.set(identifier);
        }
        return PacketCheck.passed();
    }
}
