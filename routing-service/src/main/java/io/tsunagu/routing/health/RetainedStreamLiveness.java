package io.tsunagu.routing.health;

import io.tsunagu.routing.retained.RetainedStreamReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when the retained-stream reader stopped on its own: the store no longer follows the stream, and only a
 * restart (which replays the stream) repairs that.
 */
@Liveness
@ApplicationScoped
public class RetainedStreamLiveness implements HealthCheck {

    private final RetainedStreamReader reader;

    public RetainedStreamLiveness(RetainedStreamReader reader) {
        this.reader = reader;
    }

    @Override
    public HealthCheckResponse call() {
        return reader.failure()
                .map(failure -> HealthCheckResponse.named("retained stream reader").down()
                        .withData("failure", String.valueOf(failure.getMessage())).build())
                .orElseGet(() -> HealthCheckResponse.up("retained stream reader"));
    }
}
