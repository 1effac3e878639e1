package io.tsunagu.routing.amqp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.common.annotation.Identifier;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.amqp.exchange.RoutedMessage;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The topology follower against the real local Kafka, fed the records storage-service writes (its keys and JSON):
 * a fresh follower rebuilds the topology from the whole stream, then follows each change.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class TopologyFollowerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    TopologyStreamOptions options;

    @Inject
    TopologyFollower applicationFollower;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private TopologyWriter storage;
    private String vhost;
    private TopologyFollower follower;

    @BeforeEach
    void setUp() {
        storage = new TopologyWriter(bootstrapServers);
        vhost = "follow-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        if (follower != null) {
            follower.stop();
        }
        storage.close();
    }

    private TopologyFollower startFollower() {
        follower = new TopologyFollower(new TopologyModel(), kafkaConfig, options, new SimpleMeterRegistry());
        follower.start();
        await().atMost(WAIT).until(follower::caughtUp);
        return follower;
    }

    @Test
    void freshFollowerRebuildsQueuesFromTheWholeStream() {
        storage.queue(vhost, "kept", Map.of("x-max-priority", 5, "x-queue-mode", "lazy"));
        storage.queue(vhost, "deleted", Map.of());
        storage.tombstone(TopologyWriter.key(vhost, "queue", "deleted"));

        startFollower();

        assertThat(follower.queue(vhost, "kept")).hasValueSatisfying(queue -> {
            assertThat(queue.durable()).isTrue();
            assertThat(queue.exclusive()).isFalse();
            assertThat(queue.arguments()).containsEntry("x-max-priority", 5L).containsEntry("x-queue-mode", "lazy");
        });
        assertThat(follower.queue(vhost, "deleted")).isEmpty();
        assertThat(follower.stream().failure()).isEmpty();
    }

    @Test
    void freshFollowerRebuildsExchangesAndBindings() {
        storage.exchange(vhost, "logs", "topic", Map.of());
        storage.queue(vhost, "errors", Map.of());
        storage.queue(vhost, "all", Map.of());
        storage.bindQueue(vhost, "logs", "errors", "*.error");
        storage.bindQueue(vhost, "logs", "all", "#");
        storage.bindQueue(vhost, "logs", "errors", "gone.*");
        storage.tombstone(TopologyWriter.bindingKey(vhost, TopologyWriter.Bind.queue("logs", "errors", "gone.*")));

        startFollower();

        assertThat(follower.exchanges(vhost).route("logs", RoutedMessage.withoutHeaders("app.error")).queues())
                .containsExactlyInAnyOrder("errors", "all");
        assertThat(follower.exchanges(vhost).route("logs", RoutedMessage.withoutHeaders("gone.x")).queues())
                .containsExactly("all");
    }

    @Test
    void followerAppliesChangesAfterCatchingUp() {
        startFollower();
        storage.queue(vhost, "late", Map.of());
        storage.bindQueue(vhost, "amq.direct", "late", "k");

        await().atMost(WAIT).until(() -> follower.queue(vhost, "late").isPresent());
        await().atMost(WAIT).until(() -> follower.exchanges(vhost)
                .route("amq.direct", RoutedMessage.withoutHeaders("k")).queues().contains("late"));
    }

    @Test
    void queueDeletionIsToldToListeners() {
        startFollower();
        List<String> deleted = new CopyOnWriteArrayList<>();
        follower.onQueueDeleted((deletedVhost, name) -> deleted.add(deletedVhost + "/" + name));
        storage.queue(vhost, "short-lived", Map.of());
        storage.tombstone(TopologyWriter.key(vhost, "queue", "short-lived"));
        storage.tombstone(TopologyWriter.key(vhost, "queue", "never-declared"));

        await().atMost(WAIT).until(() -> deleted.contains(vhost + "/short-lived"));
        assertThat(follower.queue(vhost, "short-lived")).isEmpty();
        assertThat(deleted).doesNotContain(vhost + "/never-declared");
    }

    @Test
    void undecodableAndNewerRecordsAreSkipped() {
        storage.raw(TopologyWriter.key(vhost, "queue", "garbage"), "not json".getBytes(StandardCharsets.UTF_8));
        storage.raw(TopologyWriter.key(vhost, "queue", "future"),
                ("{\"version\":2,\"kind\":\"queue\",\"vhost\":\"" + vhost + "\",\"name\":\"future\"}")
                        .getBytes(StandardCharsets.UTF_8));
        storage.queue(vhost, "after", Map.of());

        startFollower();

        assertThat(follower.queue(vhost, "after")).isPresent();
        assertThat(follower.queue(vhost, "future")).isEmpty();
        assertThat(follower.stream().failure()).isEmpty();
    }

    @Test
    void applicationFollowerCatchesUpAndIsReady() {
        await().atMost(WAIT).until(applicationFollower::caughtUp);
        storage.queue(vhost, "seen-by-the-app", Map.of());

        await().atMost(WAIT).until(() -> applicationFollower.queue(vhost, "seen-by-the-app").isPresent());
        RestAssured.when().get("/q/health/ready").then().statusCode(200);
    }
}
