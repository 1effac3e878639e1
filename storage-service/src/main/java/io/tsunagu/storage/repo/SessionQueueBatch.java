package io.tsunagu.storage.repo;

import io.tsunagu.contracts.event.DeliveryKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One batch of session-queue changes reduced to what the statements apply: the sessions to purge first (each with the
 * position of its last tombstone), then the copies to insert, in stream order, then the position of each session's
 * last copy. Pure.
 *
 * <p>A purge drops the copies of its session that came before it in the batch, so a purge followed by new copies
 * leaves only the new ones, as if the records had been applied one after the other. A message appears at most once
 * per session (the table's rule, see {@code V3__session_queue.sql}): a repeat is left out, and a REQUEUED copy of a
 * message whose LIVE copy came earlier in the batch takes the LIVE copy's place in the order, with its own stream
 * position. This also keeps one {@code INSERT ... ON CONFLICT DO UPDATE} from meeting the same row twice, which
 * PostgreSQL refuses.
 */
final class SessionQueueBatch {

    private final Map<SessionId, QueuePosition> purged;
    private final Collection<SessionQueueChange> queued;
    private final Map<SessionId, QueuePosition> positions;

    private SessionQueueBatch(Map<SessionId, QueuePosition> purged, Collection<SessionQueueChange> queued,
            Map<SessionId, QueuePosition> positions) {
        this.purged = purged;
        this.queued = queued;
        this.positions = positions;
    }

    /** The batch of {@code changes}, given in stream order. */
    static SessionQueueBatch of(List<SessionQueueChange> changes) {
        Map<SessionId, QueuePosition> purged = new LinkedHashMap<>();
        Map<MessageKey, SessionQueueChange> queued = new LinkedHashMap<>();
        Map<SessionId, QueuePosition> positions = new LinkedHashMap<>();
        for (SessionQueueChange change : changes) {
            if (change.isPurge()) {
                purged.put(change.session(), change.position());
                queued.values().removeIf(earlier -> earlier.session().equals(change.session()));
                positions.remove(change.session());
            } else {
                queued.merge(new MessageKey(change.session(), change.delivery().publish().messageId()), change,
                        SessionQueueBatch::keep);
                positions.put(change.session(), change.position());
            }
        }
        return new SessionQueueBatch(purged, queued.values(), positions);
    }

    /**
     * Whether a copy of kind {@code incoming} replaces the queued copy of the same message, of kind {@code queued}:
     * only a REQUEUED copy replaces a LIVE one (it was in flight, so it goes out with DUP 1).
     */
    static boolean replaces(DeliveryKind queued, DeliveryKind incoming) {
        return queued == DeliveryKind.LIVE && incoming == DeliveryKind.REQUEUED;
    }

    /** The sessions whose queues are deleted before the copies are inserted, each with its last tombstone. */
    Map<SessionId, QueuePosition> purged() {
        return Map.copyOf(purged);
    }

    /** The copies to insert, in stream order, one per session and message. */
    List<SessionQueueChange> queued() {
        return new ArrayList<>(queued);
    }

    /**
     * The sessions that get copies, each once, with the position of the last record that queued one (repeats
     * included): the position of the last record applied, recorded with the rows.
     */
    Map<SessionId, QueuePosition> positions() {
        return Map.copyOf(positions);
    }

    private static SessionQueueChange keep(SessionQueueChange earlier, SessionQueueChange later) {
        return replaces(earlier.delivery().kind(), later.delivery().kind()) ? later : earlier;
    }

    /** A message queued for a session: at most one row each. */
    private record MessageKey(SessionId session, UUID messageId) {
    }
}
