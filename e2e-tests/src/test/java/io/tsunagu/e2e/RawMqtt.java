package io.tsunagu.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A bare MQTT client on a socket, for the steps a library hides: ending a QoS 2 flow half-way and resuming it on
 * another node, or dropping a connection without DISCONNECT. Packets are written byte by byte as MQTT 5 §3 and MQTT
 * 3.1.1 §3 lay them out.
 */
final class RawMqtt implements AutoCloseable {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBREC = 5;
    static final int PUBREL = 6;
    static final int PUBCOMP = 7;
    static final int SUBACK = 9;
    static final int DISCONNECT = 14;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** A packet as read: its type, its flags and its body after the remaining length. */
    record Packet(int type, byte[] body) {

        /** The packet identifier, for PUBREC and PUBCOMP. */
        int packetId() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }

        /** The reason code of a PUBREC or PUBCOMP (0 when omitted), or of a DISCONNECT. */
        int reasonCode() {
            int at = type == DISCONNECT ? 0 : 2;
            return body.length > at ? body[at] & 0xFF : 0;
        }

        /** The packet identifier of an MQTT 5 PUBLISH at QoS 1 or 2: after its topic name. */
        int publishPacketId() {
            int at = 2 + topicLength();
            return ((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF);
        }

        /** The payload of an MQTT 5 PUBLISH at QoS 1 or 2 whose properties fit in one byte of length. */
        String publishPayload() {
            int propertiesAt = 2 + topicLength() + 2;
            int payloadAt = propertiesAt + 1 + (body[propertiesAt] & 0x7F);
            return new String(body, payloadAt, body.length - payloadAt, StandardCharsets.UTF_8);
        }

        private int topicLength() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }

        /** CONNACK's Session Present flag. */
        boolean sessionPresent() {
            return (body[0] & 0x01) != 0;
        }
    }

    RawMqtt(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** CONNECT with Clean Start 0 and a Session Expiry Interval, keep-alive 60 s; returns the CONNACK. */
    Packet connectPersistent(String clientId, int sessionExpirySeconds) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(5);              // protocol level 5
        body.write(0x00);           // flags: Clean Start 0
        body.write(new byte[] {0, 60});
        body.write(5);              // properties: 5 bytes
        body.write(0x11);           // Session Expiry Interval
        writeInt(body, sessionExpirySeconds);
        writeString(body, clientId);
        send(0x10, body.toByteArray());
        return read();
    }

    /** An MQTT 3.1.1 CONNECT with a QoS 1 will, clean session, keep-alive 60 s; returns the CONNACK. */
    Packet connectWithWill(String clientId, String willTopic, String willMessage) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);              // protocol level 4
        body.write(0x0E);           // flags: clean session, will flag, will QoS 1
        body.write(new byte[] {0, 60});
        writeString(body, clientId);
        writeString(body, willTopic);
        writeString(body, willMessage);
        send(0x10, body.toByteArray());
        return read();
    }

    /** An MQTT 5 CONNECT with Clean Start 0, a Session Expiry Interval and a will sent after a delay. */
    Packet connectWithDelayedWill(String clientId, int sessionExpirySeconds, Will will) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(5);              // protocol level 5
        body.write(0x0C);           // flags: Clean Start 0, will flag, will QoS 1
        body.write(new byte[] {0, 60});
        body.write(5);              // properties: 5 bytes
        body.write(0x11);           // Session Expiry Interval
        writeInt(body, sessionExpirySeconds);
        writeString(body, clientId);
        body.write(5);              // will properties: 5 bytes
        body.write(0x18);           // Will Delay Interval
        writeInt(body, will.delaySeconds());
        writeString(body, will.topic());
        writeString(body, will.message());
        send(0x10, body.toByteArray());
        return read();
    }

    /** A will: its topic, its message and its MQTT 5 delay. */
    record Will(String topic, String message, int delaySeconds) {
    }

    /** PUBLISH at QoS 2 with {@code packetId}, no properties. */
    void publishQos2(String topic, int packetId, String payload, boolean dup) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        body.write(packetId >> 8);
        body.write(packetId & 0xFF);
        body.write(0);              // no properties
        body.write(payload.getBytes(StandardCharsets.UTF_8));
        send(0x34 | (dup ? 0x08 : 0), body.toByteArray());
    }

    /** SUBSCRIBE {@code filter} at {@code qos} (fixed-header flags 0010 [MQTT-3.8.1-1]), no properties. */
    void subscribe(int packetId, String filter, int qos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xFF);
        body.write(0);              // no properties
        writeString(body, filter);
        body.write(qos);
        send(0x82, body.toByteArray());
    }

    /** PUBREC for {@code packetId}, success. */
    void pubrec(int packetId) throws IOException {
        send(0x50, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    /** PUBCOMP for {@code packetId}, success. */
    void pubcomp(int packetId) throws IOException {
        send(0x70, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    /** PUBREL for {@code packetId} (fixed-header flags 0010 [MQTT-3.6.1-1]). */
    void pubrel(int packetId) throws IOException {
        send(0x62, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    /** The next packet from the server. */
    Packet read() throws IOException {
        int first = in.readUnsignedByte();
        int remaining = 0;
        int shift = 0;
        int digit;
        do {
            digit = in.readUnsignedByte();
            remaining |= (digit & 0x7F) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        byte[] body = new byte[remaining];
        in.readFully(body);
        return new Packet(first >> 4, body);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void send(int firstByte, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(firstByte);
        int remaining = body.length;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            packet.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        packet.write(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    private static void writeString(ByteArrayOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.write(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
