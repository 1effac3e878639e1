package io.tsunagu.ingest.cluster;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a session's queue.
 *
 * @param items the queued messages, in queue order
 * @param nextAfter where the next page starts (its {@code after}); empty on the last page
 */
public record QueuePage(List<QueueItem> items, OptionalLong nextAfter) {

    public QueuePage {
        items = List.copyOf(items);
    }

    /**
     * One queued message.
     *
     * @param seq its sequence number in the session's queue
     * @param record the delivery record routing queued (delivery codec), with one recipient: the session's client
     */
    public record QueueItem(long seq, byte[] record) {
    }
}
