package io.tsunagu.routing.retained;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.config.RoutingOptions;
import io.tsunagu.routing.dispatch.StreamClients;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fresh retained reader (as after a restart of routing) rebuilds the store from the whole retained stream, and
 * reports that it caught up only once every record that existed when it started has been applied.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class RetainedStreamReplayTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    RoutingOptions options;

    @Test
    void restartedReaderRebuildsTheStoreFromTheBeginningBeforeItCatchesUp() throws Exception {
        String tenant = "retained-replay-" + UUID.randomUUID().toString().substring(0, 8);
        try (StreamClients streams = new StreamClients(kafkaConfig.get("bootstrap.servers").toString())) {
            for (int i = 0; i < 50; i++) {
                streams.sendRetained(StreamClients.publishEvent(tenant, "replay/" + i, 1, Payload.utf8("v" + i)));
            }
            streams.sendRetained(StreamClients.publishEvent(tenant, "replay/7", 0, Payload.utf8("newer")));
            streams.sendRetainedTombstone(tenant, "replay/8");
        }
        RetainedStore store = new RetainedStore();
        RetainedStreamReader reader = new RetainedStreamReader(store, kafkaConfig, options, new SimpleMeterRegistry());

        reader.start();
        try {
            reader.caughtUp().toCompletableFuture().get(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS);

            assertThat(store.match(tenant, "replay/+")).hasSize(49);
            assertThat(store.match(tenant, "replay/8")).isEmpty();
            assertThat(store.match(tenant, "replay/7")).singleElement().satisfies(message -> {
                assertThat(message.qos()).isZero();
                assertThat(new String(message.record(), StandardCharsets.UTF_8)).endsWith("newer");
            });
            assertThat(reader.failure()).isEmpty();
        } finally {
            reader.stop();
        }
    }
}
