package io.tsunagu.routing.health;

import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionTable;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the session table has caught up with the session stream as it was at start: before that, routing
 * holds publishes back. Kafka reachability and the publish/delivery channels report through their own checks
 * (Quarkus's Kafka check and the messaging connector's).
 */
@Readiness
@ApplicationScoped
public class SessionTableReadiness implements HealthCheck {

    private final SessionStreamReader reader;
    private final SessionTable table;

    public SessionTableReadiness(SessionStreamReader reader, SessionTable table) {
        this.reader = reader;
        this.table = table;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("session table")
                .status(reader.isCaughtUp() && reader.failure().isEmpty())
                .withData("caughtUp", reader.isCaughtUp())
                .withData("sessions", table.sessionCount())
                .withData("subscriptions", table.subscriptionCount())
                .build();
    }
}
