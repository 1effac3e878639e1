package io.tsunagu.storage.repo;

/**
 * One row of a session's queue as ingest reads it back.
 *
 * @param seq its position in the queue
 * @param record the delivery record, byte for byte as the session-queue stream carried it
 */
public record QueuedRecord(long seq, byte[] record) {
}
