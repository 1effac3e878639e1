package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDelivery.Counts;
import io.tsunagu.contracts.amqp.AmqpDelivery.Reply;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.ChannelRef;

/**
 * The AMQP record of a delivery stream: header, kind (its ordinal), channel, consumer tag, request id, queue, queue
 * offset plus one (0 = none), redelivered, message count, consumer count, reply code, reply text, whether a message
 * follows, then the message (body last).
 */
public final class AmqpDeliveryCodec {

    private static final int MAX_REPLY_CODE = 0xFFFF;

    private AmqpDeliveryCodec() {
    }

    /** The record for {@code delivery}. */
    public static byte[] encode(AmqpDelivery delivery) {
        AmqpMessage message = delivery.message();
        RecordWriter writer = new RecordWriter(96 + delivery.queue().length()
                + (message == null ? 0 : AmqpMessageFields.sizeOf(message)));
        RecordHeader.write(writer, EventType.AMQP_DELIVERY);
        writer.writeByte(delivery.kind().ordinal());
        AmqpMessageFields.writeChannel(writer, delivery.channel());
        writer.writeString(delivery.consumerTag());
        writer.writeVarLong(delivery.requestId());
        writer.writeString(delivery.queue());
        writer.writeVarLong(delivery.queueOffset() + 1);
        writer.writeByte(delivery.redelivered() ? 1 : 0);
        writer.writeVarLong(delivery.counts().messages());
        writer.writeVarLong(delivery.counts().consumers());
        writer.writeVarLong(delivery.reply().code());
        writer.writeString(delivery.reply().text());
        writer.writeByte(message == null ? 0 : 1);
        if (message != null) {
            AmqpMessageFields.writeMessage(writer, message);
        }
        return writer.toByteArray();
    }

    /** The delivery in {@code record}; a message's body is a view into {@code record}. */
    public static AmqpDelivery decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.AMQP_DELIVERY);
        AmqpDeliveryKind kind = AmqpMessageFields.readEnum(reader, AmqpDeliveryKind.values(), "AMQP delivery kind");
        ChannelRef channel = AmqpMessageFields.readChannel(reader);
        String consumerTag = reader.readString();
        long requestId = reader.readVarLong();
        String queue = reader.readString();
        long queueOffset = reader.readVarLong() - 1;
        boolean redelivered = readFlag(reader, "redelivered");
        Counts counts = new Counts(reader.readVarLong(), reader.readVarLong());
        Reply reply = new Reply(AmqpMessageFields.readInt(reader, MAX_REPLY_CODE, "reply code"), reader.readString());
        AmqpMessage message = readFlag(reader, "message flag") ? AmqpMessageFields.readMessage(reader) : null;
        if (message == null) {
            reader.requireEnd();
        }
        return new AmqpDelivery(kind, channel, consumerTag, requestId, queue, queueOffset, redelivered, counts, reply,
                message);
    }

    private static boolean readFlag(RecordReader reader, String what) {
        int value = reader.readUnsignedByte();
        if (value > 1) {
            throw new CodecException("bad " + what + " " + value);
        }
        return value == 1;
    }
}
