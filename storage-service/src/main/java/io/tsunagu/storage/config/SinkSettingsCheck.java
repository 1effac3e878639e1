package io.tsunagu.storage.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fails the start when the sink's retry budget and the channel's commit health check contradict each other.
 *
 * <p>SmallRye's throttled commit strategy closes the consumer as soon as a record has waited longer than
 * {@code throttled.unprocessed-record-max-age.ms} for its ack. A batch that the sink is still retrying must not
 * hit that limit first, or the channel would die before the retries that were meant to ride out a database
 * restart had a chance.
 */
@ApplicationScoped
public class SinkSettingsCheck {

    static final String MAX_AGE_KEY = "mp.messaging.incoming.publish.throttled.unprocessed-record-max-age.ms";

    private final StorageOptions options;
    private final long unprocessedRecordMaxAgeMs;

    SinkSettingsCheck(StorageOptions options,
            @ConfigProperty(name = MAX_AGE_KEY, defaultValue = "60000") long unprocessedRecordMaxAgeMs) {
        this.options = options;
        this.unprocessedRecordMaxAgeMs = unprocessedRecordMaxAgeMs;
    }

    void onStart(@Observes StartupEvent event) {
        Duration retryTimeout = options.sink().retryTimeout();
        if (unprocessedRecordMaxAgeMs > 0 && retryTimeout.toMillis() >= unprocessedRecordMaxAgeMs) {
            throw new IllegalStateException("tsunagu.storage.sink.retry-timeout (" + retryTimeout
                    + ") must be shorter than " + MAX_AGE_KEY + " (" + unprocessedRecordMaxAgeMs + " ms)");
        }
        if (options.query().defaultLimit() < 1 || options.query().defaultLimit() > options.query().maxLimit()) {
            throw new IllegalStateException("tsunagu.storage.query.default-limit must be between 1 and"
                    + " tsunagu.storage.query.max-limit (" + options.query().maxLimit() + ")");
        }
    }
}
