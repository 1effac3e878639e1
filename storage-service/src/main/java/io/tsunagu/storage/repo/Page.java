package io.tsunagu.storage.repo;

import java.util.List;

/**
 * One page of a query result.
 *
 * @param items the items of this page, at most the requested limit
 * @param hasMore whether at least one more item follows the last one
 */
public record Page<T>(List<T> items, boolean hasMore) {

    public Page {
        items = List.copyOf(items);
    }

    /** The page of {@code limit} items out of {@code fetched}, which holds up to one more to tell if more follow. */
    static <T> Page<T> of(List<T> fetched, int limit) {
        boolean hasMore = fetched.size() > limit;
        return new Page<>(hasMore ? fetched.subList(0, limit) : fetched, hasMore);
    }

    /** The last item of the page; only for a page with items. */
    public T last() {
        return items.get(items.size() - 1);
    }
}
