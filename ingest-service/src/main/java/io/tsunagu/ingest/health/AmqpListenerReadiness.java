package io.tsunagu.ingest.health;

import io.tsunagu.ingest.transport.amqp.AmqpListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while every AMQP 0-9-1 listener instance is bound; always up when the listener is disabled. */
@Readiness
@ApplicationScoped
public class AmqpListenerReadiness implements HealthCheck {

    @Inject
    AmqpListener listener;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("amqp-listener")
                .status(!listener.isEnabled() || listener.isBound())
                .withData("enabled", listener.isEnabled())
                .withData("port", listener.actualPort())
                .build();
    }
}
