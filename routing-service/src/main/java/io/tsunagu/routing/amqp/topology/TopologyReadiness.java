package io.tsunagu.routing.amqp.topology;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the topology copy has caught up with {@code tsunagu.topology} as it was at start (before that,
 * AMQP publishes are held back and queue owners cannot know their queues), and while its reader still follows.
 */
@Readiness
@ApplicationScoped
public class TopologyReadiness implements HealthCheck {

    private final TopologyFollower follower;

    public TopologyReadiness(TopologyFollower follower) {
        this.follower = follower;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("amqp topology")
                .status(follower.caughtUp() && follower.stream().failure().isEmpty())
                .withData("caughtUp", follower.caughtUp())
                .withData("topology", follower.describe())
                .build();
    }
}
