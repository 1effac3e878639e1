package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery-stream record: header, node id, the recipients (client id, then QoS in bits 0-1 and
 * retain-as-published in bit 3), and then the routed publish record, embedded byte for byte as it was read from the
 * publish stream, so routing never decodes and re-encodes a payload it only forwards.
 */
public final class DeliveryCodec {

    private static final int QOS_MASK = 0x03;
    private static final int RETAIN_AS_PUBLISHED = 0x08;

    private DeliveryCodec() {
    }

    /** A delivery record that embeds {@code publishRecord} (a record made by {@link PublishCodec}) unchanged. */
    public static byte[] encode(String nodeId, List<Recipient> recipients, byte[] publishRecord) {
        RecordWriter writer = new RecordWriter(32 + 24 * recipients.size() + publishRecord.length);
        RecordHeader.write(writer, EventType.DELIVERY);
        writer.writeString(nodeId);
        writer.writeVarLong(recipients.size());
        for (Recipient recipient : recipients) {
            writer.writeString(recipient.clientId());
            writer.writeByte(recipient.qos() | (recipient.retainAsPublished() ? RETAIN_AS_PUBLISHED : 0));
        }
        writer.writeRaw(publishRecord, 0, publishRecord.length);
        return writer.toByteArray();
    }

    /** The record for {@code event}. */
    public static byte[] encode(DeliveryEvent event) {
        return encode(event.nodeId(), event.recipients(), PublishCodec.encode(event.publish()));
    }

    /** The event in {@code record}; the publish payload is a view into {@code record}. */
    public static DeliveryEvent decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.DELIVERY);
        String nodeId = reader.readString();
        int count = reader.readLength();
        List<Recipient> recipients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            recipients.add(readRecipient(reader));
        }
        PublishEvent publish = PublishCodec.decode(record, reader.position());
        return new DeliveryEvent(nodeId, recipients, publish);
    }

    private static Recipient readRecipient(RecordReader reader) {
        String clientId = reader.readString();
        int options = reader.readUnsignedByte();
        if ((options & ~(QOS_MASK | RETAIN_AS_PUBLISHED)) != 0 || (options & QOS_MASK) == QOS_MASK) {
            throw new CodecException("bad recipient options " + options);
        }
        return new Recipient(clientId, options & QOS_MASK, (options & RETAIN_AS_PUBLISHED) != 0);
    }
}
