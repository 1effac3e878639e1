package io.tsunagu.routing.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.config.RoutingOptions;
import io.tsunagu.routing.dispatch.StreamClients;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fresh reader (as after a restart of routing) rebuilds the table from the whole session stream, and reports
 * that it caught up only once every record that existed when it started has been applied.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class SessionStreamReplayTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    RoutingOptions options;

    @Test
    void restartedReaderRebuildsTheTableFromTheBeginningBeforeItCatchesUp() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "replay-" + run;
        String node = "replay-node-" + run;
        long firstRun = 1_000;
        long secondRun = 2_000;
        try (StreamClients streams = new StreamClients(kafkaConfig.get("bootstrap.servers").toString())) {
            for (int i = 0; i < 50; i++) {
                streams.send(connected(tenant, "c" + i, node, firstRun));
            }
            // The node restarted: its earlier sessions are gone; c7 reconnected, c8 connected and ended.
            streams.send(connected(tenant, "c7", node, secondRun));
            streams.send(connected(tenant, "c8", node, secondRun));
            streams.send(new SessionEvent(tenant, "c8", node, secondRun, SessionState.ENDED, List.of()));
            streams.send(connected(tenant, "late", "other-" + node, firstRun));
            streams.sendTombstone(tenant, "late");
        }
        SessionTable table = new SessionTable();
        SessionStreamReader reader = new SessionStreamReader(table, kafkaConfig, options, new SimpleMeterRegistry());

        reader.start();
        try {
            reader.caughtUp().toCompletableFuture().get(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS);

            assertThat(table.session(new ClientKey(tenant, "c7")))
                    .contains(new Session(connected(tenant, "c7", node, secondRun)));
            assertThat(table.session(new ClientKey(tenant, "c0"))).isEmpty();
            assertThat(table.session(new ClientKey(tenant, "c8"))).isEmpty();
            assertThat(table.session(new ClientKey(tenant, "late"))).isEmpty();
            assertThat(table.nodeEpoch(node)).hasValue(secondRun);
            assertThat(reader.failure()).isEmpty();
        } finally {
            reader.stop();
        }
    }

    private static SessionEvent connected(String tenant, String clientId, String node, long epoch) {
        return new SessionEvent(tenant, clientId, node, epoch, SessionState.CONNECTED,
                List.of(Subscription.of("replay/" + clientId, 1)));
    }
}
