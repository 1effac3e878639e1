package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;

/**
 * The queue-control record: header, vhost, queue, kind (its ordinal), channel, consumer tag, request id, prefetch,
 * flags, then the count of offsets and the offsets.
 */
public final class QueueCommandCodec {

    private static final int KNOWN_FLAGS = QueueCommand.NO_ACK | QueueCommand.EXCLUSIVE | QueueCommand.REQUEUE
            | QueueCommand.DISCARD | QueueCommand.IF_UNUSED | QueueCommand.IF_EMPTY;

    private QueueCommandCodec() {
    }

    /** The record for {@code command}. */
    public static byte[] encode(QueueCommand command) {
        RecordWriter writer = new RecordWriter(96 + command.queue().length() + 9 * command.offsets().length);
        RecordHeader.write(writer, EventType.QUEUE_COMMAND);
        writer.writeString(command.vhost());
        writer.writeString(command.queue());
        writer.writeByte(command.kind().ordinal());
        AmqpMessageFields.writeChannel(writer, command.channel());
        writer.writeString(command.consumerTag());
        writer.writeVarLong(command.requestId());
        writer.writeVarLong(command.prefetch());
        writer.writeVarLong(command.flags());
        writer.writeVarLong(command.offsets().length);
        for (long offset : command.offsets()) {
            writer.writeVarLong(offset);
        }
        return writer.toByteArray();
    }

    /** The command in {@code record}. */
    public static QueueCommand decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.QUEUE_COMMAND);
        String vhost = reader.readString();
        String queue = reader.readString();
        QueueCommandKind kind = AmqpMessageFields.readEnum(reader, QueueCommandKind.values(), "queue command");
        ChannelRef channel = AmqpMessageFields.readChannel(reader);
        String consumerTag = reader.readString();
        long requestId = reader.readVarLong();
        int prefetch = AmqpMessageFields.readInt(reader, Integer.MAX_VALUE, "prefetch");
        int flags = AmqpMessageFields.readInt(reader, KNOWN_FLAGS, "flags");
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new CodecException("unknown queue command flags " + flags);
        }
        long[] offsets = readOffsets(reader);
        reader.requireEnd();
        return new QueueCommand(vhost, queue, kind, channel, consumerTag, requestId, prefetch, flags, offsets);
    }

    private static long[] readOffsets(RecordReader reader) {
        int count = reader.readLength();
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = reader.readVarLong();
        }
        return offsets;
    }
}
