package io.tsunagu.storage.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.tsunagu.storage.config.StorageOptions;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Writes the batches of one stream sink to PostgreSQL with retries, and keeps the sink's status and batch meters.
 * Each sink makes its own; not a bean.
 *
 * <p>Failures: a write that fails is retried with exponential backoff (PostgreSQL may be restarting or failing
 * over) for up to {@code tsunagu.storage.sink.retry-timeout}, and meanwhile {@link #status()} reports the failure
 * (readiness DOWN). After that the write fails for good, so the sink's batch is nacked; the channel's {@code fail}
 * strategy stops it and reports it to liveness, so the process is restarted and consumes again from the last
 * committed offset. A batch is never skipped. A record that can never be stored (undecodable, or a value PostgreSQL
 * rejects) is a poison pill: {@link #skipPoison} logs it with its offset and counts it, because no retry can help.
 *
 * <p>Meters, tagged {@code service=storage} and {@code stream=<Kafka topic>}: {@code tsunagu.storage.batch.size},
 * {@code tsunagu.storage.batch.duration}, {@code tsunagu.storage.batch.failures} and {@code tsunagu.messages.poison}.
 */
final class BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    private final String stream;
    private final String items;
    private final StorageOptions.Sink options;
    private final MeterRegistry registry;
    private final SinkStatus status = new SinkStatus();
    private final Counter poison;
    private final Counter failedAttempts;
    private final DistributionSummary batchSize;
    private final Timer batchWrite;

    /**
     * A writer for the sink of {@code stream}.
     *
     * @param stream the Kafka topic the sink consumes, the {@code stream} tag of its meters
     * @param items what a batch holds, plural, for log messages ("messages")
     */
    BatchWriter(String stream, String items, MeterRegistry registry, StorageOptions.Sink options) {
        this.stream = stream;
        this.items = items;
        this.options = options;
        this.registry = registry;
        Tags tags = SinkMetrics.streamTags(stream);
        poison = SinkMetrics.counter(registry, "tsunagu.messages.poison",
                "Records skipped because they can never be stored", tags);
        failedAttempts = SinkMetrics.counter(registry, "tsunagu.storage.batch.failures",
                "Batch writes that failed and were retried", tags);
        batchSize = DistributionSummary.builder("tsunagu.storage.batch.size")
                .description("Records per batch written")
                .tags(tags)
                .register(registry);
        batchWrite = Timer.builder("tsunagu.storage.batch.duration")
                .description("Latency of one successful batch write, commit included")
                .tags(tags)
                .register(registry);
    }

    /** Whether the sink's writes currently fail. */
    SinkStatus status() {
        return status;
    }

    /**
     * Runs the write that {@code attempt} creates, again with backoff while it fails, until it succeeds or the retry
     * timeout passes; the answer fails only then.
     *
     * @param size the records of the batch, for the batch-size meter and the logs
     * @param attempt creates one attempt: a fresh statement for every subscription, so that a retry redoes it
     */
    <T> Uni<T> write(int size, Supplier<Uni<T>> attempt) {
        return writeOnce(size, attempt)
                .onFailure().invoke(failure -> onWriteFailed(failure, size))
                .onFailure().retry()
                .withBackOff(options.retryInitialBackoff(), options.retryMaxBackoff())
                .withJitter(0.2)
                .expireIn(options.retryTimeout().toMillis())
                .onFailure().invoke(failure -> onGaveUp(failure, size));
    }

    /** Logs and counts a record that can never be stored; the caller leaves it out of its batch. */
    void skipPoison(ConsumerRecord<?, ?> record, String reason) {
        poison.increment();
        LOG.warnf("Skipping poison record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                reason);
    }

    /** One attempt, with a fresh latency sample. */
    private <T> Uni<T> writeOnce(int size, Supplier<Uni<T>> attempt) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return attempt.get()
                    .invoke(() -> onWritten(sample, size));
        });
    }

    private void onWritten(Timer.Sample sample, int size) {
        sample.stop(batchWrite);
        batchSize.record(size);
        if (status.failingSince() != null) {
            LOG.infof("Batch write of %s succeeded again after failures since %s", stream, status.failingSince());
        }
        status.succeeded();
    }

    private void onWriteFailed(Throwable failure, int size) {
        failedAttempts.increment();
        status.failed(failure);
        LOG.warnf("Writing a batch of %d %s failed, retrying with backoff: %s", size, items, failure.toString());
    }

    private void onGaveUp(Throwable failure, int size) {
        LOG.errorf(failure, "Giving up on a batch of %d %s after %s; nacking it, the channel stops and its"
                + " offsets stay uncommitted", size, items, options.retryTimeout());
    }
}
