package io.tsunagu.routing.amqp.queue;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when the queue owner stopped on its own: this replica then serves no queue (another member took them over
 * once its group session ended), and only a restart brings it back.
 */
@Liveness
@ApplicationScoped
public class QueueOwnerLiveness implements HealthCheck {

    private static final String NAME = "amqp queue owner";

    private final QueueOwner owner;

    public QueueOwnerLiveness(QueueOwner owner) {
        this.owner = owner;
    }

    @Override
    public HealthCheckResponse call() {
        return owner.failure()
                .map(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("failure", String.valueOf(failure.getMessage())).build())
                .orElseGet(() -> HealthCheckResponse.up(NAME));
    }
}
