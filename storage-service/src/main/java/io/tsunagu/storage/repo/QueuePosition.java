package io.tsunagu.storage.repo;

/**
 * Where a record sits in the session-queue stream: its partition and offset. A session's records are all in one
 * partition, so their offsets give their order.
 *
 * @param partition the partition, 0 or more
 * @param offset the offset in that partition, 0 or more
 */
public record QueuePosition(int partition, long offset) {

    public QueuePosition {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("bad session-queue position " + partition + "@" + offset);
        }
    }
}
