package io.tsunagu.storage.repo;

import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Recipient;
import java.util.Objects;

/**
 * One record of the session-queue stream: a copy of a message queued for an offline session, or the purge of that
 * session's whole queue (a tombstone).
 *
 * @param session the session whose queue changes
 * @param delivery the queued copy, with exactly one recipient (the session's client); null for a purge
 * @param record the delivery record of {@code delivery}, byte for byte as the stream carried it; null for a purge.
 *     Not copied: callers must not modify it.
 * @param position where the stream record sits, which tells a record applied already from a new one
 */
public record SessionQueueChange(SessionId session, DeliveryEvent delivery, byte[] record, QueuePosition position) {

    public SessionQueueChange {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(position, "position");
        if ((delivery == null) != (record == null)) {
            throw new IllegalArgumentException("a queued delivery and its record come together");
        }
        if (delivery != null && !session.equals(sessionOf(delivery))) {
            throw new IllegalArgumentException("the delivery is for another session");
        }
    }

    /** {@code delivery}, carried by the record {@code record} at {@code position}, joins its recipient's queue. */
    public static SessionQueueChange enqueue(DeliveryEvent delivery, byte[] record, QueuePosition position) {
        return new SessionQueueChange(sessionOf(delivery), delivery, record, position);
    }

    /** The whole queue of {@code session} is deleted, by the tombstone at {@code position}. */
    public static SessionQueueChange purge(SessionId session, QueuePosition position) {
        return new SessionQueueChange(session, null, null, position);
    }

    /** Whether this deletes the session's queue. */
    public boolean isPurge() {
        return delivery == null;
    }

    /** The one recipient of the queued copy; only for a change that is not a purge. */
    public Recipient recipient() {
        return delivery.recipients().get(0);
    }

    private static SessionId sessionOf(DeliveryEvent delivery) {
        if (delivery.recipients().size() != 1) {
            throw new IllegalArgumentException("a queued delivery has exactly one recipient, not "
                    + delivery.recipients().size());
        }
        return new SessionId(delivery.publish().tenant(), delivery.recipients().get(0).clientId());
    }
}
