package io.tsunagu.storage.health;

import io.tsunagu.storage.sink.PublishSink;
import io.tsunagu.storage.sink.RetainedSink;
import io.tsunagu.storage.sink.SessionQueueSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/**
 * The readiness checks of the sinks, one per stream: each is DOWN while that sink's latest batch write failed and is
 * being retried.
 *
 * <p>PostgreSQL and Kafka reachability are reported by the checks Quarkus adds by itself: the reactive and JDBC
 * datasource checks ("Reactive PostgreSQL connections health check", "Database connections health check") and
 * SmallRye Reactive Messaging's per-channel check ("SmallRye Reactive Messaging - readiness check").
 */
@ApplicationScoped
public class SinkHealthChecks {

    static final String PUBLISH = "Publish-stream sink";
    static final String RETAINED = "Retained-stream sink";
    static final String SESSION_QUEUE = "Session-queue sink";

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck publishSink(PublishSink sink) {
        return new SinkHealthCheck(PUBLISH, sink.status());
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck retainedSink(RetainedSink sink) {
        return new SinkHealthCheck(RETAINED, sink.status());
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck sessionQueueSink(SessionQueueSink sink) {
        return new SinkHealthCheck(SESSION_QUEUE, sink.status());
    }
}
