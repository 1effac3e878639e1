package io.tsunagu.storage.health;

import io.tsunagu.storage.sink.SinkStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the publish-stream sink: DOWN while its latest batch write failed and is being retried.
 *
 * <p>PostgreSQL and Kafka reachability are reported by the checks Quarkus adds by itself: the reactive and JDBC
 * datasource checks ("Reactive PostgreSQL connections health check", "Database connections health check") and
 * SmallRye Reactive Messaging's per-channel check ("SmallRye Reactive Messaging - readiness check").
 */
@Readiness
@ApplicationScoped
public class SinkHealthCheck implements HealthCheck {

    static final String NAME = "Publish-stream sink";

    private final SinkStatus status;

    SinkHealthCheck(SinkStatus status) {
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        Instant failingSince = status.failingSince();
        if (failingSince == null) {
            return response.up().build();
        }
        return response.down()
                .withData("failingSince", failingSince.toString())
                .withData("lastFailure", String.valueOf(status.lastFailure()))
                .build();
    }
}
