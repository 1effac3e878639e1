package io.tsunagu.storage.repo;

import java.time.Instant;

/**
 * The numbers of one bucket of a series; only buckets holding at least one number exist.
 *
 * @param start the start of the bucket (inclusive); it ends where the next one starts
 * @param min the smallest value
 * @param max the largest value
 * @param avg the mean of the values
 * @param count how many values
 */
public record SeriesBucket(Instant start, double min, double max, double avg, long count) {
}
