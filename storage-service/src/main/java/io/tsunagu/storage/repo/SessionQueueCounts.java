package io.tsunagu.storage.repo;

/**
 * What one batch of {@link SessionQueueChange}s did to the {@code session_queue} table.
 *
 * @param queued rows inserted
 * @param requeued LIVE rows that a REQUEUED copy of the same message replaced in place
 * @param purged rows deleted by purges
 * @param dropped the oldest rows deleted to keep each session within its bound
 */
public record SessionQueueCounts(int queued, int requeued, int purged, int dropped) {
}
