package io.tsunagu.storage.health;

import io.tsunagu.storage.sink.SinkStatus;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Readiness of one stream sink: DOWN while its latest batch write failed and is being retried. One per sink,
 * produced by {@link SinkHealthChecks}.
 */
final class SinkHealthCheck implements HealthCheck {

    private final String name;
    private final SinkStatus status;

    SinkHealthCheck(String name, SinkStatus status) {
        this.name = name;
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name);
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
