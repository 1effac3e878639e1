package io.tsunagu.storage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The settings of storage-service under {@code tsunagu.storage}. The Kafka channels themselves (topic, group, batch
 * size, fetch sizes) are configured with SmallRye's channel keys {@code mp.messaging.incoming.publish.*},
 * {@code mp.messaging.incoming.retained.*} and {@code mp.messaging.incoming.session-queue.*}; every key is listed
 * with its default in {@code application.properties}.
 */
@ConfigMapping(prefix = "tsunagu.storage")
public interface StorageOptions {

    /** The REST query API. */
    Query query();

    /** The sinks that write the publish, retained and session-queue streams to PostgreSQL. */
    Sink sink();

    /** The queues of persistent sessions without a connection. */
    SessionQueue sessionQueue();

    /** The AMQP topology (exchanges, queues, bindings) and its stream. */
    Topology topology();

    /** Settings of the AMQP topology API {@code /internal/amqp}. */
    interface Topology {

        /** The compacted Kafka topic every topology change is written to before the API answers. */
        @WithDefault("tsunagu.topology")
        String topic();

        /** How long a change may take to be acknowledged by Kafka (acks=all) before the request fails with 503. */
        @WithDefault("10s")
        Duration sendTimeout();
    }

    /** The downsampled series of {@code GET /api/series}. */
    Series series();

    /** Settings of {@code /api/messages}, {@code /api/topics} and {@code /api/retained}. */
    interface Query {

        /** Tenant used when a request names none. */
        @WithDefault("default")
        String defaultTenant();

        /** Items per page when a request gives no {@code limit}. */
        @WithDefault("100")
        int defaultLimit();

        /** Largest {@code limit} a request may ask for; a larger one is answered with 400. */
        @WithDefault("1000")
        int maxLimit();
    }

    /** Settings of {@code GET /api/series}. */
    interface Series {

        /** Buckets when a request gives no {@code buckets}. */
        @WithDefault("300")
        int defaultBuckets();

        /** Most buckets a request may ask for; more are answered with 400. Bounds the rows a query returns. */
        @WithDefault("2000")
        int maxBuckets();

        /** The window (from to to) when a request gives no {@code from}: it ends at {@code to}. */
        @WithDefault("24h")
        Duration defaultWindow();

        /**
         * Longest window a request may ask for; a longer one is answered with 400. Bounds the rows one query scans
         * (a topic publishing once a second has 2.7 million rows in 31 days).
         */
        @WithDefault("31d")
        Duration maxWindow();
    }

    /** Settings of the session-queue sink. */
    interface SessionQueue {

        /**
         * Most copies kept per session (1 or more). Beyond it the oldest are deleted after each batch and counted in
         * {@code tsunagu.storage.session.queue.dropped}: for telemetry the newest values matter most. (Mosquitto's
         * {@code max_queued_messages} refuses new messages instead.)
         */
        @WithDefault("1000")
        int maxMessages();
    }

    /** Settings of the batch writers, the same for every sink. */
    interface Sink {

        /** Delay before the first retry of a batch that PostgreSQL rejected or did not answer. */
        @WithDefault("200ms")
        Duration retryInitialBackoff();

        /** Upper bound of the exponential delay between two retries of the same batch. */
        @WithDefault("10s")
        Duration retryMaxBackoff();

        /**
         * How long one batch is retried before it is given up: the batch is then nacked, the channel stops (failure
         * strategy {@code fail}), liveness turns DOWN and the process is restarted by its supervisor; the offsets of
         * that batch are never committed. Must stay below the channel's
         * {@code throttled.unprocessed-record-max-age.ms}.
         */
        @WithDefault("5m")
        Duration retryTimeout();
    }
}
