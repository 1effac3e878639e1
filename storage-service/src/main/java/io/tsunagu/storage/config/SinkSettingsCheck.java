package io.tsunagu.storage.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fails the start when the sinks' retry budget and a channel's commit health check contradict each other, or when
 * the query page sizes do, or the series settings, or when the session-queue bound is not positive.
 *
 * <p>SmallRye's throttled commit strategy closes the consumer as soon as a record has waited longer than
 * {@code throttled.unprocessed-record-max-age.ms} for its ack. A batch that a sink is still retrying must not hit
 * that limit first, or the channel would die before the retries that were meant to ride out a database restart had
 * a chance. Every sink channel, publish, retained and session-queue, is checked.
 */
@ApplicationScoped
public class SinkSettingsCheck {

    static final String MAX_AGE_KEY = "mp.messaging.incoming.publish.throttled.unprocessed-record-max-age.ms";
    static final String RETAINED_MAX_AGE_KEY =
            "mp.messaging.incoming.retained.throttled.unprocessed-record-max-age.ms";
    static final String SESSION_QUEUE_MAX_AGE_KEY =
            "mp.messaging.incoming.session-queue.throttled.unprocessed-record-max-age.ms";

    private final StorageOptions options;
    private final long publishMaxAgeMs;
    private final long retainedMaxAgeMs;
    private final long sessionQueueMaxAgeMs;

    SinkSettingsCheck(StorageOptions options,
            @ConfigProperty(name = MAX_AGE_KEY, defaultValue = "60000") long publishMaxAgeMs,
            @ConfigProperty(name = RETAINED_MAX_AGE_KEY, defaultValue = "60000") long retainedMaxAgeMs,
            @ConfigProperty(name = SESSION_QUEUE_MAX_AGE_KEY, defaultValue = "60000") long sessionQueueMaxAgeMs) {
        this.options = options;
        this.publishMaxAgeMs = publishMaxAgeMs;
        this.retainedMaxAgeMs = retainedMaxAgeMs;
        this.sessionQueueMaxAgeMs = sessionQueueMaxAgeMs;
    }

    void onStart(@Observes StartupEvent event) {
        checkRetryTimeout(MAX_AGE_KEY, publishMaxAgeMs);
        checkRetryTimeout(RETAINED_MAX_AGE_KEY, retainedMaxAgeMs);
        checkRetryTimeout(SESSION_QUEUE_MAX_AGE_KEY, sessionQueueMaxAgeMs);
        if (options.sessionQueue().maxMessages() < 1) {
            throw new IllegalStateException("tsunagu.storage.session-queue.max-messages must be 1 or more, not "
                    + options.sessionQueue().maxMessages());
        }
        if (options.query().defaultLimit() < 1 || options.query().defaultLimit() > options.query().maxLimit()) {
            throw new IllegalStateException("tsunagu.storage.query.default-limit must be between 1 and"
                    + " tsunagu.storage.query.max-limit (" + options.query().maxLimit() + ")");
        }
        checkSeries(options.series());
    }

    private static void checkSeries(StorageOptions.Series series) {
        if (series.defaultBuckets() < 1 || series.defaultBuckets() > series.maxBuckets()) {
            throw new IllegalStateException("tsunagu.storage.series.default-buckets must be between 1 and"
                    + " tsunagu.storage.series.max-buckets (" + series.maxBuckets() + ")");
        }
        if (series.defaultWindow().toMillis() < 1 || series.defaultWindow().compareTo(series.maxWindow()) > 0) {
            throw new IllegalStateException("tsunagu.storage.series.default-window must be at least 1ms and at"
                    + " most tsunagu.storage.series.max-window (" + series.maxWindow() + ")");
        }
    }

    private void checkRetryTimeout(String maxAgeKey, long maxAgeMs) {
        Duration retryTimeout = options.sink().retryTimeout();
        if (maxAgeMs > 0 && retryTimeout.toMillis() >= maxAgeMs) {
            throw new IllegalStateException("tsunagu.storage.sink.retry-timeout (" + retryTimeout
                    + ") must be shorter than " + maxAgeKey + " (" + maxAgeMs + " ms)");
        }
    }
}
