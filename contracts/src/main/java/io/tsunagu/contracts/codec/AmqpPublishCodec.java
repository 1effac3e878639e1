package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.ChannelRef;
import java.time.Instant;
import java.util.UUID;

/**
 * The AMQP publish record of the publish stream: header, message id, received-at (epoch microseconds), vhost,
 * publishing channel, publish sequence number, flags (mandatory in bit 0), then the message (body last).
 */
public final class AmqpPublishCodec {

    private static final int MANDATORY = 1;

    private AmqpPublishCodec() {
    }

    /** The record for {@code event}. */
    public static byte[] encode(AmqpPublishEvent event) {
        RecordWriter writer = new RecordWriter(64 + event.vhost().length() + AmqpMessageFields.sizeOf(event.message()));
        RecordHeader.write(writer, EventType.AMQP_PUBLISH);
        writer.writeUuid(event.messageId());
        writer.writeLong(PublishCodec.toEpochMicros(event.receivedAt()));
        writer.writeString(event.vhost());
        AmqpMessageFields.writeChannel(writer, event.publisher());
        writer.writeVarLong(event.publishSeq());
        writer.writeByte(event.mandatory() ? MANDATORY : 0);
        AmqpMessageFields.writeMessage(writer, event.message());
        return writer.toByteArray();
    }

    /** The event in {@code record}; its body is a view into {@code record}. */
    public static AmqpPublishEvent decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.AMQP_PUBLISH);
        UUID messageId = reader.readUuid();
        Instant receivedAt = PublishCodec.fromEpochMicros(reader.readLong());
        String vhost = reader.readString();
        ChannelRef publisher = AmqpMessageFields.readChannel(reader);
        long publishSeq = reader.readVarLong();
        int flags = reader.readUnsignedByte();
        if ((flags & ~MANDATORY) != 0) {
            throw new CodecException("bad AMQP publish flags " + flags);
        }
        AmqpMessage message = AmqpMessageFields.readMessage(reader);
        return new AmqpPublishEvent(messageId, receivedAt, vhost, publisher, publishSeq, flags == MANDATORY, message);
    }
}
