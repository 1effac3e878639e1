package io.tsunagu.ingest.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A raw-socket MQTT peer for misbehaving-client tests (like vertx-mqtt's MqttServerBadClientTest): it writes the
 * exact bytes a test builds and reads whole packets back. Blocking; test threads only.
 */
public final class RawMqttClient implements AutoCloseable {

    /** CONNACK. */
    public static final int CONNACK = 2;
    /** PUBLISH. */
    public static final int PUBLISH = 3;
    /** PUBACK. */
    public static final int PUBACK = 4;
    /** PUBREC. */
    public static final int PUBREC = 5;
    /** PUBREL. */
    public static final int PUBREL = 6;
    /** PUBCOMP. */
    public static final int PUBCOMP = 7;
    /** SUBACK. */
    public static final int SUBACK = 9;
    /** UNSUBACK. */
    public static final int UNSUBACK = 11;
    /** PINGRESP. */
    public static final int PINGRESP = 13;
    /** DISCONNECT. */
    public static final int DISCONNECT = 14;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /**
     * One packet read back.
     *
     * @param type the packet type (upper four bits of the first byte)
     * @param flags the lower four bits of the first byte
     * @param body the rest of the packet after the remaining length
     */
    public record Packet(int type, int flags, byte[] body) {

        /** The reason code of an MQTT 5 DISCONNECT (0 when omitted), or the return code of a CONNACK. */
        public int reasonCode() {
            if (type == CONNACK) {
                return body[1] & 0xFF;
            }
            if (type >= PUBACK && type <= PUBCOMP) {
                return body.length > 2 ? body[2] & 0xFF : 0;
            }
            return body.length > 0 ? body[0] & 0xFF : 0;
        }

        /** The packet identifier of a PUBACK, PUBREC, PUBREL, PUBCOMP or SUBACK. */
        public int packetId() {
            return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        }

        /** The QoS of a PUBLISH. */
        public int qos() {
            return (flags >> 1) & 0x03;
        }

        /** The RETAIN flag of a PUBLISH. */
        public boolean retain() {
            return (flags & 0x01) != 0;
        }

        /** The Topic Name of a PUBLISH. */
        public String topicName() {
            int length = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            return new String(body, 2, length, StandardCharsets.UTF_8);
        }

        /** The packet identifier of a QoS 1 or 2 PUBLISH (after its Topic Name). */
        public int publishPacketId() {
            int offset = 2 + (((body[0] & 0xFF) << 8) | (body[1] & 0xFF));
            return ((body[offset] & 0xFF) << 8) | (body[offset + 1] & 0xFF);
        }

        /** The property bytes of an MQTT 5 PUBLISH (without their length). */
        public byte[] publishProperties() {
            int offset = 2 + (((body[0] & 0xFF) << 8) | (body[1] & 0xFF)) + (qos() > 0 ? 2 : 0);
            int length = 0;
            int shift = 0;
            int encoded;
            do {
                encoded = body[offset++] & 0xFF;
                length |= (encoded & 0x7F) << shift;
                shift += 7;
            } while ((encoded & 0x80) != 0);
            return Arrays.copyOfRange(body, offset, offset + length);
        }
    }

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection to the listener on 127.0.0.1. */
    public static RawMqttClient open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
        socket.setTcpNoDelay(true);
        return new RawMqttClient(socket);
    }

    /** Opens a connection whose MQTT 5 CONNECT (Clean Start, keep-alive 60 s) was accepted with CONNACK 0. */
    public static RawMqttClient connected5(int port, String clientId) throws IOException {
        return connected(port, connect5(clientId, 60));
    }

    /** Opens a connection whose MQTT 3.1.1 CONNECT (CleanSession 1, keep-alive 60 s) was accepted. */
    public static RawMqttClient connected311(int port, String clientId) throws IOException {
        return connected(port, connect311(clientId, 60));
    }

    private static RawMqttClient connected(int port, byte[] connect) throws IOException {
        RawMqttClient raw = open(port);
        raw.send(connect);
        Packet connack = raw.expect(CONNACK);
        if (connack.reasonCode() != 0) {
            raw.close();
            throw new AssertionError("CONNECT refused with " + connack.reasonCode());
        }
        return raw;
    }

    /** Writes {@code bytes} as they are. */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next packet, or null when the server closed the connection. */
    public Packet read() throws IOException {
        int first;
        try {
            first = in.read();
        } catch (SocketException reset) {
            return null;
        }
        if (first < 0) {
            return null;
        }
        int remaining = readVariableByteInteger();
        byte[] body = new byte[remaining];
        in.readFully(body);
        return new Packet(first >> 4, first & 0x0F, body);
    }

    /** The next packet, which must be there. */
    public Packet expect(int type) throws IOException {
        Packet packet = read();
        if (packet == null || packet.type() != type) {
            throw new AssertionError("expected packet type " + type + " but got " + describe(packet));
        }
        return packet;
    }

    /**
     * Reads until the server closes the connection and returns the packets it sent before; fails when it stays
     * open for {@code timeout}.
     */
    public List<Packet> readUntilClosed(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        List<Packet> packets = new ArrayList<>();
        try {
            for (Packet packet = read(); packet != null; packet = read()) {
                packets.add(packet);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("connection still open after " + timeout + "; got " + packets.size()
                    + " packets", stillOpen);
        } catch (EOFException closedMidPacket) {
            return packets;
        }
        return packets;
    }

    /** Sends no more bytes (TCP half-close), as a client that goes away in the middle of a packet. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int readVariableByteInteger() throws IOException {
        int value = 0;
        int shift = 0;
        int encoded;
        do {
            encoded = in.readUnsignedByte();
            value |= (encoded & 0x7F) << shift;
            shift += 7;
        } while ((encoded & 0x80) != 0);
        return value;
    }

    private static String describe(Packet packet) {
        return packet == null ? "a closed connection" : "type " + packet.type();
    }

    // ---- packet builders -----------------------------------------------------------------------------------

    /** MQTT 3.1.1 CONNECT with CleanSession 1. */
    public static byte[] connect311(String clientId, int keepAliveSeconds) {
        return connect(4, 0x02, clientId, keepAliveSeconds);
    }

    /** MQTT 3.1.1 CONNECT with CleanSession 0. */
    public static byte[] connect311Persistent(String clientId, int keepAliveSeconds) {
        return connect(4, 0x00, clientId, keepAliveSeconds);
    }

    /** MQTT 5 CONNECT with Clean Start 1 and no properties. */
    public static byte[] connect5(String clientId, int keepAliveSeconds) {
        return connect(5, 0x02, clientId, keepAliveSeconds);
    }

    /**
     * A will for the CONNECT builders.
     *
     * @param topic the Will Topic
     * @param payload the Will Payload
     * @param qos the Will QoS (3 builds a malformed CONNECT)
     * @param retain the Will Retain flag
     * @param delaySeconds the MQTT 5 Will Delay Interval, 0 for none (ignored for 3.1.1)
     */
    public record Will(String topic, byte[] payload, int qos, boolean retain, long delaySeconds) {

        /** A QoS 1 will without retain and delay. */
        public static Will of(String topic, byte[] payload) {
            return new Will(topic, payload, 1, false, 0);
        }
    }

    /** MQTT 3.1.1 CONNECT with CleanSession 1 and {@code will}. */
    public static byte[] connect311(String clientId, int keepAliveSeconds, Will will) {
        Bytes body = new Bytes().string("MQTT").u8(4).u8(0x02 | willFlags(will)).u16(keepAliveSeconds)
                .string(clientId).string(will.topic()).u16(will.payload().length).raw(will.payload());
        return packet(0x10, body.toArray());
    }

    /**
     * MQTT 5 CONNECT with Clean Start 1, a Session Expiry Interval ({@code sessionExpirySeconds}, 0 leaves it out)
     * and {@code will}, whose Will Delay Interval is set when it is not 0.
     */
    public static byte[] connect5(String clientId, int keepAliveSeconds, long sessionExpirySeconds, Will will) {
        Bytes properties = new Bytes();
        if (sessionExpirySeconds > 0) {
            properties.u8(0x11).u32(sessionExpirySeconds);
        }
        Bytes willProperties = new Bytes();
        if (will.delaySeconds() > 0) {
            willProperties.u8(0x18).u32(will.delaySeconds());
        }
        byte[] connectProperties = properties.toArray();
        byte[] willPropertyBytes = willProperties.toArray();
        Bytes body = new Bytes().string("MQTT").u8(5).u8(0x02 | willFlags(will)).u16(keepAliveSeconds)
                .variableByteInteger(connectProperties.length).raw(connectProperties)
                .string(clientId)
                .variableByteInteger(willPropertyBytes.length).raw(willPropertyBytes)
                .string(will.topic()).u16(will.payload().length).raw(will.payload());
        return packet(0x10, body.toArray());
    }

    /** MQTT 5 CONNECT with Clean Start 0 and a Session Expiry Interval: resume the session, or start one. */
    public static byte[] connect5Resume(String clientId, int keepAliveSeconds, long sessionExpirySeconds) {
        byte[] properties = new Bytes().u8(0x11).u32(sessionExpirySeconds).toArray();
        Bytes body = new Bytes().string("MQTT").u8(5).u8(0x00).u16(keepAliveSeconds)
                .variableByteInteger(properties.length).raw(properties)
                .string(clientId);
        return packet(0x10, body.toArray());
    }

    /** MQTT 5 DISCONNECT with {@code reasonCode} and no properties. */
    public static byte[] disconnect5(int reasonCode) {
        return new byte[] {(byte) 0xE0, 1, (byte) reasonCode};
    }

    /** PUBLISH for MQTT 3.1.1 (no property section). */
    public static byte[] publish311(String topic, int qos, int packetId, byte[] payload) {
        return publish(0x30 | qos << 1, topic, packetId, payload);
    }

    /** PUBLISH for MQTT 5 with an empty property section. */
    public static byte[] publish5(String topic, int qos, int packetId, byte[] payload) {
        return publish(0x30 | qos << 1, topic, packetId, new Bytes().u8(0).raw(payload).toArray());
    }

    /** PUBLISH for MQTT 5 with RETAIN 1 and an empty property section. */
    public static byte[] publish5Retained(String topic, int qos, int packetId, byte[] payload) {
        return publish(0x31 | qos << 1, topic, packetId, new Bytes().u8(0).raw(payload).toArray());
    }

    /** SUBSCRIBE of one filter; for MQTT 5 {@code properties} is the property section (at least its length). */
    public static byte[] subscribe(int packetId, String filter, int options, byte[] properties) {
        Bytes body = new Bytes().u16(packetId).raw(properties).string(filter).u8(options);
        return packet(0x82, body.toArray());
    }

    /** MQTT 3.1 CONNECT: protocol name MQIsdp, level 3, CleanSession 1. */
    public static byte[] connect31(String clientId, int keepAliveSeconds) {
        Bytes body = new Bytes().string("MQIsdp").u8(3).u8(0x02).u16(keepAliveSeconds).string(clientId);
        return packet(0x10, body.toArray());
    }

    /** MQTT 5 CONNECT with Clean Start 1 and {@code properties} (the property bytes, without their length). */
    public static byte[] connect5WithProperties(String clientId, int keepAliveSeconds, byte[] properties) {
        Bytes body = new Bytes().string("MQTT").u8(5).u8(0x02).u16(keepAliveSeconds)
                .variableByteInteger(properties.length).raw(properties).string(clientId);
        return packet(0x10, body.toArray());
    }

    /** QoS 1 PUBLISH for MQTT 5 with {@code properties} (the property bytes, without their length). */
    public static byte[] publish5Qos1WithProperties(String topic, int packetId, byte[] properties, byte[] payload) {
        Bytes rest = new Bytes().variableByteInteger(properties.length).raw(properties).raw(payload);
        return publish(0x32, topic, packetId, rest.toArray());
    }

    /** PUBLISH for MQTT 5 with DUP 1 and an empty property section: a resend. */
    public static byte[] publish5Dup(String topic, int qos, int packetId, byte[] payload) {
        return publish(0x38 | qos << 1, topic, packetId, new Bytes().u8(0).raw(payload).toArray());
    }

    /** PUBREC (success) for {@code packetId}. */
    public static byte[] pubrec(int packetId) {
        return new Bytes().u8(0x50).u8(2).u16(packetId).toArray();
    }

    /** MQTT 5 PUBREC with {@code reasonCode} and no properties. */
    public static byte[] pubrec5(int packetId, int reasonCode) {
        return new Bytes().u8(0x50).u8(3).u16(packetId).u8(reasonCode).toArray();
    }

    /** PUBREL (success) for {@code packetId}; its fixed-header flags are 0010 [MQTT-3.6.1-1]. */
    public static byte[] pubrel(int packetId) {
        return new Bytes().u8(0x62).u8(2).u16(packetId).toArray();
    }

    /** PUBCOMP (success) for {@code packetId}. */
    public static byte[] pubcomp(int packetId) {
        return new Bytes().u8(0x70).u8(2).u16(packetId).toArray();
    }

    /** PINGREQ. */
    public static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0};
    }

    /** A fixed header announcing {@code remainingLength} bytes, followed by nothing. */
    public static byte[] header(int firstByte, int remainingLength) {
        return new Bytes().u8(firstByte).variableByteInteger(remainingLength).toArray();
    }

    /** Several packets in one write, so the server reads them in one go. */
    public static byte[] concat(List<byte[]> packets) {
        Bytes all = new Bytes();
        packets.forEach(all::raw);
        return all.toArray();
    }

    /** Will Flag, Will QoS and Will Retain of the CONNECT flags byte (MQTT 5 §3.1.2.3). */
    private static int willFlags(Will will) {
        return 0x04 | (will.qos() & 0x03) << 3 | (will.retain() ? 0x20 : 0);
    }

    private static byte[] connect(int level, int flags, String clientId, int keepAliveSeconds) {
        Bytes body = new Bytes().string("MQTT").u8(level).u8(flags).u16(keepAliveSeconds);
        if (level == 5) {
            body.u8(0);
        }
        body.string(clientId);
        return packet(0x10, body.toArray());
    }

    /** PUBLISH with the given first byte (type, DUP, QoS, RETAIN); {@code rest} is properties and payload. */
    private static byte[] publish(int firstByte, String topic, int packetId, byte[] rest) {
        Bytes body = new Bytes().string(topic);
        if ((firstByte & 0x06) != 0) {
            body.u16(packetId);
        }
        body.raw(rest);
        return packet(firstByte, body.toArray());
    }

    /** A packet: {@code firstByte}, the Remaining Length of {@code body}, then {@code body}. */
    public static byte[] packet(int firstByte, byte[] body) {
        return new Bytes().u8(firstByte).variableByteInteger(body.length).raw(body).toArray();
    }

    /** {@code values} (each 0 to 255, characters too) as bytes: for byte vectors written out field by field. */
    public static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** A tiny byte writer for the builders. */
    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int value) {
            out.write(value);
            return this;
        }

        Bytes u16(int value) {
            out.write(value >> 8);
            out.write(value & 0xFF);
            return this;
        }

        Bytes u32(long value) {
            return u16((int) (value >> 16) & 0xFFFF).u16((int) value & 0xFFFF);
        }

        Bytes string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            return u16(bytes.length).raw(bytes);
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Bytes variableByteInteger(int value) {
            int rest = value;
            do {
                int digit = rest & 0x7F;
                rest >>>= 7;
                out.write(rest > 0 ? digit | 0x80 : digit);
            } while (rest > 0);
            return this;
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
