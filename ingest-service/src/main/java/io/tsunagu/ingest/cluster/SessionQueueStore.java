package io.tsunagu.ingest.cluster;

import io.smallrye.mutiny.Uni;

/**
 * The queues of persistent sessions, kept by storage-service: the QoS 1 and 2 messages routed to a session while it
 * had no connection, in the order routing queued them. Thread-safe.
 */
public interface SessionQueueStore {

    /** Up to {@code limit} queued messages of the session with a sequence number above {@code after}, in order. */
    Uni<QueuePage> page(SessionRef session, long after, int limit);

    /** Deletes the queued messages of the session up to and including {@code upTo}. */
    Uni<Void> delete(SessionRef session, long upTo);
}
