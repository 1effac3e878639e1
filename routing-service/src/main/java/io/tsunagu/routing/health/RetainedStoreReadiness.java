package io.tsunagu.routing.health;

import io.tsunagu.routing.retained.RetainedStore;
import io.tsunagu.routing.retained.RetainedStreamReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the retained store has caught up with the retained stream as it was at start: before that, a new
 * subscription would miss retained messages, so retained requests are held back.
 */
@Readiness
@ApplicationScoped
public class RetainedStoreReadiness implements HealthCheck {

    private final RetainedStreamReader reader;
    private final RetainedStore store;

    public RetainedStoreReadiness(RetainedStreamReader reader, RetainedStore store) {
        this.reader = reader;
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("retained store")
                .status(reader.isCaughtUp() && reader.failure().isEmpty())
                .withData("caughtUp", reader.isCaughtUp())
                .withData("retainedMessages", store.count())
                .build();
    }
}
