package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.event.Will;
import java.util.ArrayList;
import java.util.List;

/**
 * The session-stream record: header, tenant, client id, node id, node epoch, state, then the subscriptions, each
 * a filter followed by an options byte laid out as MQTT 5's subscription options (MQTT 5 §3.8.3.1): QoS in bits
 * 0-1, no-local in bit 2, retain-as-published in bit 3, retain handling in bits 4-5, and its Subscription
 * Identifier (0 for none); then the filters whose retained messages are requested; then the session expiry interval
 * and the time the state was written (epoch microseconds); then the will (a presence byte, the delay interval and the
 * will's publish record, length-prefixed); then the packet ids of inbound QoS 2 messages awaiting PUBREL; then the
 * packet ids of outbound QoS 2 messages awaiting PUBCOMP. Each list of packet ids is a count followed by the ids, as
 * varints.
 */
public final class SessionCodec {

    private static final int QOS_MASK = 0x03;
    private static final int NO_LOCAL = 0x04;
    private static final int RETAIN_AS_PUBLISHED = 0x08;
    private static final int RETAIN_HANDLING_SHIFT = 4;
    private static final int RESERVED_BITS = 0xC0;
    private static final int MAX_PACKET_ID = 65_535;

    private SessionCodec() {
    }

    /** The record for {@code event}. */
    public static byte[] encode(SessionEvent event) {
        RecordWriter writer = new RecordWriter(64 + 32 * event.subscriptions().size());
        RecordHeader.write(writer, EventType.SESSION);
        writer.writeString(event.tenant());
        writer.writeString(event.clientId());
        writer.writeString(event.nodeId());
        writer.writeLong(event.nodeEpoch());
        writer.writeByte(event.state().ordinal());
        writer.writeVarLong(event.subscriptions().size());
        for (Subscription subscription : event.subscriptions()) {
            writer.writeString(subscription.filter());
            writer.writeByte(toOptions(subscription));
            writer.writeVarLong(subscription.subscriptionId());
        }
        writer.writeVarLong(event.retainedRequests().size());
        for (String filter : event.retainedRequests()) {
            writer.writeString(filter);
        }
        writer.writeVarLong(event.persistence().expiryInterval());
        writer.writeLong(PublishCodec.toEpochMicros(event.persistence().updatedAt()));
        writeWill(writer, event.will());
        writePacketIds(writer, event.pendingReleases());
        writePacketIds(writer, event.pendingOutboundReleases());
        return writer.toByteArray();
    }

    /** The event in {@code record}. */
    public static SessionEvent decode(byte[] record) {
        RecordReader reader = new RecordReader(record);
        RecordHeader.read(reader, EventType.SESSION);
        String tenant = reader.readString();
        String clientId = reader.readString();
        String nodeId = reader.readString();
        long nodeEpoch = reader.readLong();
        SessionState state = readState(reader);
        int count = reader.readLength();
        List<Subscription> subscriptions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subscriptions.add(readSubscription(reader));
        }
        int requests = reader.readLength();
        List<String> retainedRequests = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            retainedRequests.add(reader.readString());
        }
        SessionPersistence persistence = readPersistence(reader);
        Will will = readWill(reader);
        List<Integer> pendingReleases = readPacketIds(reader);
        List<Integer> pendingOutboundReleases = readPacketIds(reader);
        reader.requireEnd();
        return new SessionEvent(tenant, clientId, nodeId, nodeEpoch, state, subscriptions, retainedRequests,
                persistence, will, pendingReleases, pendingOutboundReleases);
    }

    private static void writeWill(RecordWriter writer, Will will) {
        if (will == null) {
            writer.writeByte(0);
            return;
        }
        writer.writeByte(1);
        writer.writeVarLong(will.delayInterval());
        writer.writeBinary(PublishCodec.encode(will.message()));
    }

    private static SessionPersistence readPersistence(RecordReader reader) {
        long expiryInterval = reader.readVarLong();
        if (expiryInterval > SessionPersistence.NEVER) {
            throw new CodecException("session expiry interval out of range: " + expiryInterval);
        }
        return new SessionPersistence(expiryInterval, PublishCodec.fromEpochMicros(reader.readLong()));
    }

    private static Will readWill(RecordReader reader) {
        int present = reader.readUnsignedByte();
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw new CodecException("bad will presence byte " + present);
        }
        long delayInterval = reader.readVarLong();
        if (delayInterval > MessageProperties.MAX_MESSAGE_EXPIRY_INTERVAL) {
            throw new CodecException("will delay interval out of range: " + delayInterval);
        }
        return new Will(PublishCodec.decode(reader.readBinary().toByteArray()), delayInterval);
    }

    private static void writePacketIds(RecordWriter writer, List<Integer> packetIds) {
        writer.writeVarLong(packetIds.size());
        for (int packetId : packetIds) {
            writer.writeVarLong(packetId);
        }
    }

    private static List<Integer> readPacketIds(RecordReader reader) {
        int count = reader.readLength();
        List<Integer> packetIds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long packetId = reader.readVarLong();
            if (packetId < 1 || packetId > MAX_PACKET_ID) {
                throw new CodecException("packet identifier out of range: " + packetId);
            }
            packetIds.add((int) packetId);
        }
        return packetIds;
    }

    private static SessionState readState(RecordReader reader) {
        int ordinal = reader.readUnsignedByte();
        SessionState[] states = SessionState.values();
        if (ordinal >= states.length) {
            throw new CodecException("unknown session state " + ordinal);
        }
        return states[ordinal];
    }

    private static int toOptions(Subscription subscription) {
        return subscription.qos()
                | (subscription.noLocal() ? NO_LOCAL : 0)
                | (subscription.retainAsPublished() ? RETAIN_AS_PUBLISHED : 0)
                | subscription.retainHandling() << RETAIN_HANDLING_SHIFT;
    }

    private static Subscription readSubscription(RecordReader reader) {
        String filter = reader.readString();
        int options = reader.readUnsignedByte();
        long subscriptionId = reader.readVarLong();
        int qos = options & QOS_MASK;
        int retainHandling = (options >> RETAIN_HANDLING_SHIFT) & QOS_MASK;
        if ((options & RESERVED_BITS) != 0 || qos == QOS_MASK || retainHandling == QOS_MASK) {
            throw new CodecException("bad subscription options " + options);
        }
        if (subscriptionId > Subscription.MAX_SUBSCRIPTION_ID) {
            throw new CodecException("subscription identifier out of range: " + subscriptionId);
        }
        return new Subscription(filter, qos, (options & NO_LOCAL) != 0, (options & RETAIN_AS_PUBLISHED) != 0,
                retainHandling, (int) subscriptionId);
    }
}
