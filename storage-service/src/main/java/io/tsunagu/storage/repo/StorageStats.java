package io.tsunagu.storage.repo;

/**
 * Totals over the {@code topics} table.
 *
 * @param storedMessages messages stored
 * @param topics distinct topics seen
 */
public record StorageStats(long storedMessages, long topics) {
}
