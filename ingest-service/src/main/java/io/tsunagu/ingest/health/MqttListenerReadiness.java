package io.tsunagu.ingest.health;

import io.tsunagu.ingest.transport.MqttListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while every MQTT listener instance is bound. Kafka reachability is the Kafka client's own readiness
 * check ({@code quarkus.kafka.health.enabled}), and the messaging channels report theirs.
 */
@Readiness
@ApplicationScoped
public class MqttListenerReadiness implements HealthCheck {

    @Inject
    MqttListener listener;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mqtt-listener")
                .status(listener.isBound())
                .withData("port", listener.actualPort());
        listener.boundPorts().forEach((scheme, port) -> response.withData(scheme + "-port", port));
        return response.build();
    }
}
