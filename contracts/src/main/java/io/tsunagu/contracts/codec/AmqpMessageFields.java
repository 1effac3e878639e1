package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.ChannelRef;

/**
 * The parts the AMQP records share: a channel (node id, connection id, channel number) and a message (exchange,
 * routing key, length-prefixed property section, then the body as the rest of the record, so it is written once and
 * read as a view).
 */
final class AmqpMessageFields {

    private static final int MAX_CHANNEL = 0xFFFF;

    private AmqpMessageFields() {
    }

    static void writeChannel(RecordWriter writer, ChannelRef channel) {
        writer.writeString(channel.nodeId());
        writer.writeString(channel.connectionId());
        writer.writeVarLong(channel.channel());
    }

    static ChannelRef readChannel(RecordReader reader) {
        String nodeId = reader.readString();
        String connectionId = reader.readString();
        long channel = reader.readVarLong();
        if (channel > MAX_CHANNEL) {
            throw new CodecException("channel out of range: " + channel);
        }
        return new ChannelRef(nodeId, connectionId, (int) channel);
    }

    /** Writes the message; it must be the last thing in the record. */
    static void writeMessage(RecordWriter writer, AmqpMessage message) {
        writer.writeString(message.exchange());
        writer.writeString(message.routingKey());
        writer.writeBinary(message.properties());
        writer.writeRaw(message.body().array(), message.body().offset(), message.body().length());
    }

    /** Reads a message that runs to the end of the record; its body is a view into the record. */
    static AmqpMessage readMessage(RecordReader reader) {
        String exchange = reader.readString();
        String routingKey = reader.readString();
        byte[] properties = reader.readBinary().toByteArray();
        return new AmqpMessage(exchange, routingKey, properties, reader.readRest());
    }

    static int sizeOf(AmqpMessage message) {
        return 16 + message.exchange().length() + message.routingKey().length() + message.properties().length
                + message.body().length();
    }

    static <E extends Enum<E>> E readEnum(RecordReader reader, E[] values, String what) {
        int ordinal = reader.readUnsignedByte();
        if (ordinal >= values.length) {
            throw new CodecException("unknown " + what + " " + ordinal);
        }
        return values[ordinal];
    }

    static int readInt(RecordReader reader, long max, String what) {
        long value = reader.readVarLong();
        if (value > max) {
            throw new CodecException(what + " out of range: " + value);
        }
        return (int) value;
    }
}
