package io.tsunagu.storage.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tsunagu.storage.repo.RetainedCounts;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the sinks did to the stored data, all tagged {@code service=storage}: publish-stream records consumed,
 * messages stored and duplicates skipped; retained messages upserted and deleted. The per-stream batch meters
 * belong to each sink's {@link BatchWriter}.
 */
@ApplicationScoped
public class SinkMetrics {

    static final String SERVICE_TAG = "service";
    static final String SERVICE = "storage";
    static final String STREAM_TAG = "stream";
    private static final Tags SERVICE_TAGS = Tags.of(SERVICE_TAG, SERVICE);

    private final Counter consumed;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter retainedUpserts;
    private final Counter retainedDeletes;

    SinkMetrics(MeterRegistry registry) {
        consumed = counter(registry, "tsunagu.messages.in", "Publish-stream records consumed", SERVICE_TAGS);
        stored = counter(registry, "tsunagu.messages.stored", "Messages inserted into PostgreSQL", SERVICE_TAGS);
        duplicates = counter(registry, "tsunagu.messages.duplicates",
                "Records skipped because their message id was stored", SERVICE_TAGS);
        retainedUpserts = counter(registry, "tsunagu.retained.upserts",
                "Retained messages inserted or replaced in PostgreSQL", SERVICE_TAGS);
        retainedDeletes = counter(registry, "tsunagu.retained.deletes",
                "Retained messages deleted from PostgreSQL by a tombstone or an empty payload", SERVICE_TAGS);
    }

    void consumed(int records) {
        consumed.increment(records);
    }

    /** Records one stored batch of {@code size} messages, {@code inserted} of them new. */
    void stored(int size, int inserted) {
        stored.increment(inserted);
        duplicates.increment(size - (double) inserted);
    }

    /** Records one applied batch of retained-message changes. */
    void retained(RetainedCounts counts) {
        retainedUpserts.increment(counts.upserted());
        retainedDeletes.increment(counts.deleted());
    }

    /** The tags of a meter of the sink of {@code stream}. */
    static Tags streamTags(String stream) {
        return SERVICE_TAGS.and(STREAM_TAG, stream);
    }

    static Counter counter(MeterRegistry registry, String name, String description, Tags tags) {
        return Counter.builder(name)
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
