package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.QueueMessage;
import io.tsunagu.contracts.event.DeliverySource;
import java.time.Instant;
import java.util.UUID;

/**
 * The queue-stream record: header, vhost, queue, source (publish partition, then offset), message id, enqueued-at
 * (epoch microseconds), then the message (body last).
 */
public final class QueueMessageCodec {

    private QueueMessageCodec() {
    }

    /** The record for {@code message}. */
    public static byte[] encode(QueueMessage message) {
        RecordWriter writer = new RecordWriter(64 + message.vhost().length() + message.queue().length()
                + AmqpMessageFields.sizeOf(message.message()));
        RecordHeader.write(writer, EventType.QUEUE_MESSAGE);
        writer.writeString(message.vhost());
        writer.writeString(message.queue());
        if (!message.source().isKnown()) {
            throw new IllegalArgumentException("a queue message needs its source position");
        }
        writer.writeVarLong(message.source().partition());
        writer.writeVarLong(message.source().offset());
        writer.writeUuid(message.messageId());
        writer.writeLong(PublishCodec.toEpochMicros(message.enqueuedAt()));
        AmqpMessageFields.writeMessage(writer, message.message());
        return writer.toByteArray();
    }

    /** The message in {@code record}; its body is a view into {@code record}. */
    public static QueueMessage decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.QUEUE_MESSAGE);
        String vhost = reader.readString();
        String queue = reader.readString();
        int partition = AmqpMessageFields.readInt(reader, Integer.MAX_VALUE, "source partition");
        DeliverySource source = new DeliverySource(partition, reader.readVarLong());
        UUID messageId = reader.readUuid();
        Instant enqueuedAt = PublishCodec.fromEpochMicros(reader.readLong());
        AmqpMessage message = AmqpMessageFields.readMessage(reader);
        return new QueueMessage(vhost, queue, source, messageId, enqueuedAt, message);
    }
}
