package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.PublishEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The publish-stream record: header, message id, received-at (epoch microseconds), flags (QoS in bits 0-1, RETAIN
 * in bit 2), tenant, client id, node id, topic, properties, and then the payload as the rest of the record.
 *
 * <p>The payload is last and unprefixed so that it is written once and read as a view, and so that a delivery
 * record can embed a publish record byte for byte.
 */
public final class PublishCodec {

    private static final int FIXED_SIZE = 2 + 16 + 8 + 1 + 16;
    private static final int RETAIN_FLAG = 0x04;
    private static final int QOS_MASK = 0x03;

    private PublishCodec() {
    }

    /** The record for {@code event}. */
    public static byte[] encode(PublishEvent event) {
        RecordWriter writer = new RecordWriter(FIXED_SIZE + event.topic().length() + event.payload().length() + 64);
        RecordHeader.write(writer, EventType.PUBLISH);
        writer.writeUuid(event.messageId());
        writer.writeLong(toEpochMicros(event.receivedAt()));
        writer.writeByte(event.qos() | (event.retain() ? RETAIN_FLAG : 0));
        writer.writeString(event.tenant());
        writer.writeString(event.clientId());
        writer.writeString(event.nodeId());
        writer.writeString(event.topic());
        PropertiesCodec.write(writer, event.properties());
        writer.writeRaw(event.payload().array(), event.payload().offset(), event.payload().length());
        return writer.toByteArray();
    }

    /** The event in {@code record}; its payload is a view into {@code record}. */
    public static PublishEvent decode(byte[] record) {
        return decode(record, 0);
    }

    /** The publish record that starts at {@code offset} of {@code bytes} and runs to the end. */
    static PublishEvent decode(byte[] bytes, int offset) {
        RecordReader reader = new RecordReader(bytes, offset);
        RecordHeader.read(reader, EventType.PUBLISH);
        var messageId = reader.readUuid();
        Instant receivedAt = fromEpochMicros(reader.readLong());
        int flags = reader.readUnsignedByte();
        if ((flags & ~(QOS_MASK | RETAIN_FLAG)) != 0 || (flags & QOS_MASK) == QOS_MASK) {
            throw new CodecException("bad publish flags " + flags);
        }
        String tenant = reader.readString();
        String clientId = reader.readString();
        String nodeId = reader.readString();
        String topic = reader.readString();
        var properties = PropertiesCodec.read(reader);
        return new PublishEvent(messageId, tenant, clientId, nodeId, topic, flags & QOS_MASK,
                (flags & RETAIN_FLAG) != 0, receivedAt, properties, reader.readRest());
    }

    /**
     * Epoch microseconds. Before the epoch the seconds are counted from the second after, so that every instant a
     * record can hold, from {@code Long.MIN_VALUE} to {@code Long.MAX_VALUE} microseconds, encodes without overflow.
     */
    static long toEpochMicros(Instant instant) {
        long seconds = instant.getEpochSecond();
        long micros = instant.getNano() / 1_000;
        if (seconds < 0) {
            return Math.addExact(Math.multiplyExact(seconds + 1, 1_000_000L), micros - 1_000_000L);
        }
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
    }

    static Instant fromEpochMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
