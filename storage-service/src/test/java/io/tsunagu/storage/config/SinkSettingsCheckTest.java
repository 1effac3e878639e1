package io.tsunagu.storage.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SinkSettingsCheckTest {

    @Test
    void retryTimeoutBelowTheUnackedRecordLimitStarts() {
        SinkSettingsCheck check = new SinkSettingsCheck(options(Duration.ofMinutes(5), 100), 600_000, 600_000, 600_000);

        assertThatCode(() -> check.onStart(null)).doesNotThrowAnyException();
    }

    @Test
    void retryTimeoutReachingTheUnackedRecordLimitFailsTheStart() {
        SinkSettingsCheck check = new SinkSettingsCheck(options(Duration.ofMinutes(10), 100), 600_000, 900_000,
                900_000);

        assertThatThrownBy(() -> check.onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tsunagu.storage.sink.retry-timeout");
    }

    @Test
    void retryTimeoutReachingTheRetainedChannelsUnackedRecordLimitFailsTheStart() {
        SinkSettingsCheck check = new SinkSettingsCheck(options(Duration.ofMinutes(5), 100), 600_000, 300_000, 600_000);

        assertThatThrownBy(() -> check.onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SinkSettingsCheck.RETAINED_MAX_AGE_KEY);
    }

    @Test
    void retryTimeoutReachingTheSessionQueueChannelsUnackedRecordLimitFailsTheStart() {
        SinkSettingsCheck check = new SinkSettingsCheck(options(Duration.ofMinutes(5), 100), 600_000, 600_000,
                300_000);

        assertThatThrownBy(() -> check.onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SinkSettingsCheck.SESSION_QUEUE_MAX_AGE_KEY);
    }

    @Test
    void sessionQueueBoundBelowOneFailsTheStart() {
        SinkSettingsCheck check = new SinkSettingsCheck(options(Duration.ofMinutes(5), 100, 0), 600_000, 600_000,
                600_000);

        assertThatThrownBy(() -> check.onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tsunagu.storage.session-queue.max-messages");
    }

    @Test
    void defaultLimitAboveTheMaximumFailsTheStart() {
        SinkSettingsCheck check = new SinkSettingsCheck(options(Duration.ofMinutes(5), 5000), 600_000, 600_000,
                600_000);

        assertThatThrownBy(() -> check.onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("default-limit");
    }

    private static StorageOptions options(Duration retryTimeout, int defaultLimit) {
        return options(retryTimeout, defaultLimit, 1000);
    }

    private static StorageOptions options(Duration retryTimeout, int defaultLimit, int maxQueuedMessages) {
        StorageOptions.Query query = new StorageOptions.Query() {
            @Override
            public String defaultTenant() {
                return "default";
            }

            @Override
            public int defaultLimit() {
                return defaultLimit;
            }

            @Override
            public int maxLimit() {
                return 1000;
            }
        };
        StorageOptions.Sink sink = new StorageOptions.Sink() {
            @Override
            public Duration retryInitialBackoff() {
                return Duration.ofMillis(200);
            }

            @Override
            public Duration retryMaxBackoff() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration retryTimeout() {
                return retryTimeout;
            }
        };
        StorageOptions.SessionQueue sessionQueue = () -> maxQueuedMessages;
        return new StorageOptions() {
            @Override
            public Query query() {
                return query;
            }

            @Override
            public Sink sink() {
                return sink;
            }

            @Override
            public SessionQueue sessionQueue() {
                return sessionQueue;
            }
        };
    }
}
