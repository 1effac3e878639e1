package io.tsunagu.storage.repo;

import java.util.List;

/**
 * A downsampled series: its non-empty buckets in time order, and the messages of the window that had no number.
 *
 * @param buckets the buckets holding at least one number, oldest first
 * @param skipped messages stored in the window whose payload had no number (not a plain number, or no such
 *     number field)
 */
public record Series(List<SeriesBucket> buckets, long skipped) {

    public Series {
        buckets = List.copyOf(buckets);
    }
}
