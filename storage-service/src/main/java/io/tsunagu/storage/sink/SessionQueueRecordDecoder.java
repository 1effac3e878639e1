package io.tsunagu.storage.sink;

import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.storage.repo.QueuePosition;
import io.tsunagu.storage.repo.SessionId;
import io.tsunagu.storage.repo.SessionQueueChange;

/**
 * Turns a session-queue record into the change it makes to a session's queue, or into the reason it can never be
 * applied. The key is {@code Streams.sessionKey(tenant, clientId)}: tenant, U+0000, client id. A record with a value
 * queues the delivery record it holds, which must have exactly one recipient, the key's client, and be of kind LIVE
 * or REQUEUED (routing queues nothing else); a tombstone (null value) purges the session's queue. Pure; the change
 * keeps the record's bytes without copying them.
 */
final class SessionQueueRecordDecoder {

    private SessionQueueRecordDecoder() {
    }

    /** The change that the record with {@code key} and {@code value} (null: a tombstone) at {@code position} makes. */
    static Decoded<SessionQueueChange> decode(String key, byte[] value, QueuePosition position) {
        if (key == null) {
            return Decoded.rejected("session-queue record has no key");
        }
        StreamKey parts = StreamKey.parse(key);
        if (parts == null) {
            return Decoded.rejected("session-queue record key is not tenant U+0000 client id");
        }
        if (PublishRecordDecoder.hasNul(parts.name())) {
            return Decoded.rejected("U+0000 in tenant or client id");
        }
        SessionId session = new SessionId(parts.tenant(), parts.name());
        if (value == null) {
            return Decoded.accepted(SessionQueueChange.purge(session, position));
        }
        DeliveryEvent delivery;
        try {
            delivery = DeliveryCodec.decode(value);
        } catch (CodecException | IllegalArgumentException e) {
            return Decoded.rejected("undecodable delivery record: " + e.getMessage());
        }
        String unqueueable = validateQueueable(session, delivery);
        return unqueueable == null
                ? Decoded.accepted(SessionQueueChange.enqueue(delivery, value, position))
                : Decoded.rejected(unqueueable);
    }

    /** Why {@code delivery} cannot join the queue of {@code session}, or null when it can. */
    private static String validateQueueable(SessionId session, DeliveryEvent delivery) {
        if (delivery.recipients().size() != 1) {
            return "a queued delivery record has " + delivery.recipients().size() + " recipients, not one";
        }
        if (!delivery.recipients().get(0).clientId().equals(session.clientId())
                || !delivery.publish().tenant().equals(session.tenant())) {
            // The key decides which queue a tombstone purges and which partition keeps the order; a bug otherwise.
            return "delivery record for another session than its key";
        }
        if (delivery.kind() != DeliveryKind.LIVE && delivery.kind() != DeliveryKind.REQUEUED) {
            return "a delivery of kind " + delivery.kind() + " is never queued";
        }
        return null;
    }
}
