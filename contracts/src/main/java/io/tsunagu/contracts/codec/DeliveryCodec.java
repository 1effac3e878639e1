package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The delivery-stream record: header, node id, kind (live, retained or requeued), source (publish partition plus one, 0 when
 * unknown, then the offset), the recipients (client id, then QoS in bits 0-1 and retain-as-published in bit 3, then
 * the Subscription Identifiers, then the shared subscriptions it was chosen through), and then the routed publish
 * record, embedded byte for byte as it was read from the publish stream, so routing never decodes and re-encodes a
 * payload it only forwards.
 */
public final class DeliveryCodec {

    private static final int QOS_MASK = 0x03;
    private static final int RETAIN_AS_PUBLISHED = 0x08;

    private DeliveryCodec() {
    }

    /**
     * How a delivery was produced: its node, its kind and its source position.
     *
     * @param nodeId the ingest node the delivery is addressed to
     * @param kind live, retained, or requeued (sent again with DUP)
     * @param source the position of the message in the publish stream, or {@link DeliverySource#none()}
     */
    public record Envelope(String nodeId, DeliveryKind kind, DeliverySource source) {

        public Envelope {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(source, "source");
        }
    }

    /** A delivery record that embeds {@code publishRecord} (a record made by {@link PublishCodec}) unchanged. */
    public static byte[] encode(Envelope envelope, List<Recipient> recipients, byte[] publishRecord) {
        RecordWriter writer = new RecordWriter(40 + 24 * recipients.size() + publishRecord.length);
        RecordHeader.write(writer, EventType.DELIVERY);
        writer.writeString(envelope.nodeId());
        writer.writeByte(envelope.kind().ordinal());
        writer.writeVarLong(envelope.source().partition() + 1L);
        if (envelope.source().isKnown()) {
            writer.writeVarLong(envelope.source().offset());
        }
        writer.writeVarLong(recipients.size());
        for (Recipient recipient : recipients) {
            writeRecipient(writer, recipient);
        }
        writer.writeRaw(publishRecord, 0, publishRecord.length);
        return writer.toByteArray();
    }

    /** A live delivery record with no known source position that embeds {@code publishRecord} unchanged. */
    public static byte[] encode(String nodeId, List<Recipient> recipients, byte[] publishRecord) {
        return encode(new Envelope(nodeId, DeliveryKind.LIVE, DeliverySource.none()), recipients, publishRecord);
    }

    /** The record for {@code event}. */
    public static byte[] encode(DeliveryEvent event) {
        return encode(new Envelope(event.nodeId(), event.kind(), event.source()), event.recipients(),
                PublishCodec.encode(event.publish()));
    }

    /** The event in {@code record}; the publish payload is a view into {@code record}. */
    public static DeliveryEvent decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.DELIVERY);
        String nodeId = reader.readString();
        DeliveryKind kind = readKind(reader);
        DeliverySource source = readSource(reader);
        int count = reader.readLength();
        List<Recipient> recipients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            recipients.add(readRecipient(reader));
        }
        PublishEvent publish = PublishCodec.decode(record, reader.position());
        return new DeliveryEvent(nodeId, recipients, publish, kind, source);
    }

    private static void writeRecipient(RecordWriter writer, Recipient recipient) {
        writer.writeString(recipient.clientId());
        writer.writeByte(recipient.qos() | (recipient.retainAsPublished() ? RETAIN_AS_PUBLISHED : 0));
        writer.writeVarLong(recipient.subscriptionIds().size());
        for (int subscriptionId : recipient.subscriptionIds()) {
            writer.writeVarLong(subscriptionId);
        }
        writer.writeVarLong(recipient.sharedSubscriptions().size());
        for (String sharedSubscription : recipient.sharedSubscriptions()) {
            writer.writeString(sharedSubscription);
        }
    }

    private static DeliveryKind readKind(RecordReader reader) {
        int ordinal = reader.readUnsignedByte();
        DeliveryKind[] kinds = DeliveryKind.values();
        if (ordinal >= kinds.length) {
            throw new CodecException("unknown delivery kind " + ordinal);
        }
        return kinds[ordinal];
    }

    private static DeliverySource readSource(RecordReader reader) {
        long partitionPlusOne = reader.readVarLong();
        if (partitionPlusOne == 0) {
            return DeliverySource.none();
        }
        if (partitionPlusOne > Integer.MAX_VALUE + 1L) {
            throw new CodecException("delivery source partition out of range: " + (partitionPlusOne - 1));
        }
        return new DeliverySource((int) (partitionPlusOne - 1), reader.readVarLong());
    }

    private static Recipient readRecipient(RecordReader reader) {
        String clientId = reader.readString();
        int options = reader.readUnsignedByte();
        if ((options & ~(QOS_MASK | RETAIN_AS_PUBLISHED)) != 0 || (options & QOS_MASK) == QOS_MASK) {
            throw new CodecException("bad recipient options " + options);
        }
        int count = reader.readLength();
        List<Integer> subscriptionIds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subscriptionIds.add(readSubscriptionId(reader));
        }
        int shared = reader.readLength();
        List<String> sharedSubscriptions = new ArrayList<>(shared);
        for (int i = 0; i < shared; i++) {
            sharedSubscriptions.add(reader.readString());
        }
        return new Recipient(clientId, options & QOS_MASK, (options & RETAIN_AS_PUBLISHED) != 0, subscriptionIds,
                sharedSubscriptions);
    }

    private static int readSubscriptionId(RecordReader reader) {
        long subscriptionId = reader.readVarLong();
        if (subscriptionId < 1 || subscriptionId > Subscription.MAX_SUBSCRIPTION_ID) {
            throw new CodecException("subscription identifier out of range: " + subscriptionId);
        }
        return (int) subscriptionId;
    }
}
