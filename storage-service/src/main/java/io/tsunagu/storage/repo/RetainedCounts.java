package io.tsunagu.storage.repo;

/**
 * What one batch of {@link RetainedChange}s did to the {@code retained_messages} table.
 *
 * @param upserted rows inserted or replaced
 * @param deleted rows deleted (a removal of a topic without a retained message deletes none)
 */
public record RetainedCounts(int upserted, int deleted) {
}
