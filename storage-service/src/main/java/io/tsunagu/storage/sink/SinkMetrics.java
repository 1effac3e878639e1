package io.tsunagu.storage.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sink's meters, all tagged {@code service=storage}: records consumed, rows stored, duplicates skipped, poison
 * records skipped, and per batch its size, its write latency and its failed attempts.
 */
@ApplicationScoped
public class SinkMetrics {

    static final String SERVICE_TAG = "service";
    static final String SERVICE = "storage";

    private final MeterRegistry registry;
    private final Counter consumed;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter poison;
    private final Counter failedAttempts;
    private final DistributionSummary batchSize;
    private final Timer batchWrite;

    SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
        consumed = counter("tsunagu.messages.in", "Publish-stream records consumed");
        stored = counter("tsunagu.messages.stored", "Messages inserted into PostgreSQL");
        duplicates = counter("tsunagu.messages.duplicates", "Records skipped because their message id was stored");
        poison = counter("tsunagu.messages.poison", "Records skipped because they can never be stored");
        failedAttempts = counter("tsunagu.storage.batch.failures", "Batch writes that failed and were retried");
        batchSize = DistributionSummary.builder("tsunagu.storage.batch.size")
                .description("Messages per batch written")
                .tag(SERVICE_TAG, SERVICE)
                .register(registry);
        batchWrite = Timer.builder("tsunagu.storage.batch.duration")
                .description("Latency of one successful batch write, commit included")
                .tag(SERVICE_TAG, SERVICE)
                .register(registry);
    }

    void consumed(int records) {
        consumed.increment(records);
    }

    void poison() {
        poison.increment();
    }

    void failedAttempt() {
        failedAttempts.increment();
    }

    Timer.Sample startWrite() {
        return Timer.start(registry);
    }

    /** Records one successful write of {@code size} messages, {@code inserted} of them new. */
    void written(Timer.Sample sample, int size, int inserted) {
        sample.stop(batchWrite);
        batchSize.record(size);
        stored.increment(inserted);
        duplicates.increment(size - (double) inserted);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name)
                .description(description)
                .tag(SERVICE_TAG, SERVICE)
                .register(registry);
    }
}
