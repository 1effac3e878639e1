package io.tsunagu.ingest.session;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The queued messages of a resumed session that were handed to its connection, by their queue sequence number, and
 * which of them the client has acknowledged (PUBACK, or PUBREC for QoS 2): the queue may be deleted up to the highest
 * sequence number below which every message was acknowledged, and no further, so that a message the client never
 * acknowledged stays queued for its next connection. Event-loop only: not thread-safe.
 */
public final class QueueAcks {

    /** Handed to the connection and not yet part of the acknowledged prefix, in queue order. */
    private final ArrayDeque<Long> outstanding = new ArrayDeque<>();
    private final Set<Long> acknowledged = new HashSet<>();
    /** The acknowledged prefix not yet deleted, in queue order. */
    private final ArrayDeque<Long> undeleted = new ArrayDeque<>();
    private long acknowledgedUpTo;
    private long deletedUpTo;

    /** Records that the queued message {@code seq} (above every one added before) was handed to the connection. */
    public void add(long seq) {
        Long last = outstanding.peekLast();
        if (seq <= acknowledgedUpTo || (last != null && seq <= last)) {
            throw new IllegalArgumentException("queue sequence numbers must grow: " + seq);
        }
        outstanding.addLast(seq);
    }

    /** Takes back {@code seq}, the last one added: it was not handed to the connection after all. */
    public void withdraw(long seq) {
        Long last = outstanding.peekLast();
        if (last != null && last == seq) {
            outstanding.removeLast();
            acknowledged.remove(seq);
        }
    }

    /** The client acknowledged {@code seq} (or it will never be sent: expired, too large, a repeat). */
    public void acknowledge(long seq) {
        if (!outstanding.contains(seq)) {
            return;
        }
        acknowledged.add(seq);
        while (!outstanding.isEmpty() && acknowledged.remove(outstanding.peekFirst())) {
            acknowledgedUpTo = outstanding.removeFirst();
            undeleted.addLast(acknowledgedUpTo);
        }
    }

    /** The highest sequence number up to which every message was acknowledged; 0 for none. */
    public long acknowledgedUpTo() {
        return acknowledgedUpTo;
    }

    /** Messages acknowledged and not yet deleted. */
    public int undeleted() {
        return undeleted.size();
    }

    /** True while messages handed to the connection wait for their acknowledgement. */
    public boolean hasOutstanding() {
        return !outstanding.isEmpty();
    }

    /** Records that the queue was deleted up to {@code seq}. */
    public void deleted(long seq) {
        deletedUpTo = Math.max(deletedUpTo, seq);
        while (!undeleted.isEmpty() && undeleted.peekFirst() <= seq) {
            undeleted.removeFirst();
        }
    }

    /** The highest sequence number deleted so far; 0 for none. */
    public long deletedUpTo() {
        return deletedUpTo;
    }

    /** True when acknowledged messages wait for deletion. */
    public boolean hasUndeleted() {
        return !undeleted.isEmpty();
    }
}
