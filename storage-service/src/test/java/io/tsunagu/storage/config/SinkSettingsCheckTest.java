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

    @Test
    void defaultBucketsAboveTheMaximumFailsTheStart() {
        SinkSettingsCheck check = new SinkSettingsCheck(options(Duration.ofMinutes(5), 100, 1000,
                series(3000, 2000, Duration.ofHours(24), Duration.ofDays(31))), 600_000, 600_000, 600_000);

        assertThatThrownBy(() -> check.onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tsunagu.storage.series.default-buckets");
    }

    @Test
    void defaultWindowLongerThanTheMaximumFailsTheStart() {
        SinkSettingsCheck check = new SinkSettingsCheck(options(Duration.ofMinutes(5), 100, 1000,
                series(300, 2000, Duration.ofDays(40), Duration.ofDays(31))), 600_000, 600_000, 600_000);

        assertThatThrownBy(() -> check.onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tsunagu.storage.series.default-window");
    }

    private static StorageOptions options(Duration retryTimeout, int defaultLimit) {
        return options(retryTimeout, defaultLimit, 1000);
    }

    private static StorageOptions options(Duration retryTimeout, int defaultLimit, int maxQueuedMessages) {
        return options(retryTimeout, defaultLimit, maxQueuedMessages,
                series(300, 2000, Duration.ofHours(24), Duration.ofDays(31)));
    }

    private static StorageOptions.Series series(int defaultBuckets, int maxBuckets, Duration defaultWindow,
            Duration maxWindow) {
        return new StorageOptions.Series() {
            @Override
            public int defaultBuckets() {
                return defaultBuckets;
            }

            @Override
            public int maxBuckets() {
                return maxBuckets;
            }

            @Override
            public Duration defaultWindow() {
                return defaultWindow;
            }

            @Override
            public Duration maxWindow() {
                return maxWindow;
            }
        };
    }

    private static StorageOptions options(Duration retryTimeout, int defaultLimit, int maxQueuedMessages,
            StorageOptions.Series series) {
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

            @Override
            public Series series() {
                return series;
            }

            @Override
            public Topology topology() {
                throw new UnsupportedOperationException("not read by the sink settings check");
            }
        };
    }
}
