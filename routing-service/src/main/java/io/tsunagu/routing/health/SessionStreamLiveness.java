package io.tsunagu.routing.health;

import io.tsunagu.routing.session.SessionStreamReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when the session-stream reader stopped on its own: the table no longer follows the stream, and only a
 * restart (which replays the stream) repairs that.
 */
@Liveness
@ApplicationScoped
public class SessionStreamLiveness implements HealthCheck {

    private final SessionStreamReader reader;

    public SessionStreamLiveness(SessionStreamReader reader) {
        this.reader = reader;
    }

    @Override
    public HealthCheckResponse call() {
        return reader.failure()
                .map(failure -> HealthCheckResponse.named("session stream reader").down()
                        .withData("failure", String.valueOf(failure.getMessage())).build())
                .orElseGet(() -> HealthCheckResponse.up("session stream reader"));
    }
}
