package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.tsunagu.infra.LocalInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Confirmed persistent messages in a durable priority queue survive a {@code kill -9} of routing (which holds the
 * queue), of storage (the topology's authority) or of the ingest node the client used, and a restart of PostgreSQL: every one is delivered afterwards,
 * and a message delivered twice carries the redelivered flag.
 */
class AmqpDurabilityIT {

    private static final int MESSAGES = 10_000;
    private static final Duration LONG = Duration.ofSeconds(120);
    private static Platform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.shared();
    }

    /** One step of a fault test: may throw what the platform's process control throws. */
    @FunctionalInterface
    interface Fault {
        void apply() throws Exception;
    }

    @Test
    void killingRoutingLosesNoConfirmedMessageOfADurablePriorityQueue() throws Exception {
        survives(() -> {
            platform.routing().kill();
            platform.routing().start();
            platform.routing().awaitReady();
        });
    }

    @Test
    void killingStorageLosesNoConfirmedMessageAndConsumersCarryOnWithoutIt() throws Exception {
        try {
            survives(() -> platform.storage().kill());
        } finally {
            platform.storage().start();
            platform.storage().awaitReady();
        }
    }

    @Test
    void killingTheIngestNodeOfThePublisherAndConsumerLosesNoConfirmedMessage() throws Exception {
        survives(() -> {
            platform.nodeA().process().kill();
            platform.nodeA().process().start();
            platform.nodeA().process().awaitReady();
        });
    }

    @Test
    void restartingPostgresLosesNoConfirmedMessage() throws Exception {
        survives(() -> LocalInfra.get().restartPostgres());
    }

    @Test
    void theExclusiveQueuesOfAKilledIngestNodeGoWhenItStartsAgain() throws Exception {
        String queue = "e2e.exclusive." + UUID.randomUUID();
        Connection owner = Amqp.connect(platform.nodeB());
        owner.createChannel().queueDeclare(queue, false, true, false, null);

        platform.nodeB().process().kill();
        platform.nodeB().process().start();
        platform.nodeB().process().awaitReady();

        try (Connection other = Amqp.connect(platform.nodeA())) {
            await().atMost(LONG).untilAsserted(() -> assertThatThrownBy(() -> other.createChannel()
                    .queueDeclarePassive(queue)).hasStackTraceContaining("reply-code=404"));
        }
    }

    /**
     * Publishes {@value #MESSAGES} confirmed persistent messages with random priorities to a new durable priority
     * queue through node A, consumes and acknowledges a few hundred, applies {@code fault}, and then consumes through
     * node B until every message was seen: acknowledged messages never come back, unacknowledged ones may, flagged.
     */
    private static void survives(Fault fault) throws Exception {
        String queue = "e2e.durable." + UUID.randomUUID();
        List<Amqp.Received> before;
        try (Connection connection = Amqp.connect(platform.nodeA())) {
            Channel channel = connection.createChannel();
            channel.queueDeclare(queue, true, false, false, Map.of("x-max-priority", 10));
            publishConfirmed(channel, queue);
            Channel consuming = connection.createChannel();
            consuming.basicQos(50);
            Amqp.Collector partial = new Amqp.Collector(consuming, false).consume(queue);
            await().atMost(LONG).until(() -> partial.received().size() >= 500);
            consuming.abort();
            before = List.copyOf(partial.received());
        }

        fault.apply();

        try (Connection connection = Amqp.connect(platform.nodeB())) {
            Channel channel = connection.createChannel();
            channel.basicQos(200);
            Amqp.Collector consumer = new Amqp.Collector(channel, false).consume(queue);
            await().atMost(LONG).until(() -> distinct(before, consumer.received()).size() == MESSAGES);
            assertOnlyRedeliveredTwice(before, consumer.received());
        }
    }

    private static void publishConfirmed(Channel channel, String queue) throws Exception {
        channel.confirmSelect();
        Random random = new Random(7);
        for (int i = 0; i < MESSAGES; i++) {
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().deliveryMode(2)
                    .priority(random.nextInt(10)).build();
            channel.basicPublish("", queue, properties, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(LONG.toMillis());
    }

    private static Set<String> distinct(List<Amqp.Received> before, List<Amqp.Received> after) {
        Set<String> bodies = new HashSet<>(before.stream().map(Amqp.Received::body).toList());
        bodies.addAll(after.stream().map(Amqp.Received::body).toList());
        return bodies;
    }

    /** Acknowledged messages never come back; an unacknowledged one may, flagged as redelivered. */
    private static void assertOnlyRedeliveredTwice(List<Amqp.Received> before, List<Amqp.Received> after) {
        Set<String> seen = new HashSet<>();
        for (Amqp.Received message : Stream.concat(before.stream(), after.stream()).toList()) {
            if (!seen.add(message.body())) {
                assertThat(message.redelivered()).as("second delivery of %s", message.body()).isTrue();
            }
        }
    }
}
