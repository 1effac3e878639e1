package io.tsunagu.storage.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tsunagu.storage.repo.RetainedCounts;
import io.tsunagu.storage.repo.SessionQueueCounts;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the sinks did to the stored data, all tagged {@code service=storage}: publish-stream records consumed,
 * messages stored and duplicates skipped; retained messages upserted and deleted; copies queued for offline
 * sessions, purged with their session's queue, and dropped to keep a queue within its bound. The per-stream batch
 * meters belong to each sink's {@link BatchWriter}.
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
    private final Counter sessionQueueQueued;
    private final Counter sessionQueuePurged;
    private final Counter sessionQueueDropped;

    SinkMetrics(MeterRegistry registry) {
        consumed = counter(registry, "tsunagu.messages.in", "Publish-stream records consumed", SERVICE_TAGS);
        stored = counter(registry, "tsunagu.messages.stored", "Messages inserted into PostgreSQL", SERVICE_TAGS);
        duplicates = counter(registry, "tsunagu.messages.duplicates",
                "Records skipped because their message id was stored", SERVICE_TAGS);
        retainedUpserts = counter(registry, "tsunagu.retained.upserts",
                "Retained messages inserted or replaced in PostgreSQL", SERVICE_TAGS);
        retainedDeletes = counter(registry, "tsunagu.retained.deletes",
                "Retained messages deleted from PostgreSQL by a tombstone or an empty payload", SERVICE_TAGS);
        sessionQueueQueued = counter(registry, "tsunagu.storage.session.queue.queued",
                "Copies inserted into the queues of offline sessions", SERVICE_TAGS);
        sessionQueuePurged = counter(registry, "tsunagu.storage.session.queue.purged",
                "Queued copies deleted because their session's queue was purged (tombstone)", SERVICE_TAGS);
        sessionQueueDropped = counter(registry, "tsunagu.storage.session.queue.dropped",
                "Oldest queued copies deleted to keep a session's queue within"
                        + " tsunagu.storage.session-queue.max-messages", SERVICE_TAGS);
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

    /** Records one applied batch of session-queue changes. */
    void sessionQueue(SessionQueueCounts counts) {
        sessionQueueQueued.increment(counts.queued());
        sessionQueuePurged.increment(counts.purged());
        sessionQueueDropped.increment(counts.dropped());
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
