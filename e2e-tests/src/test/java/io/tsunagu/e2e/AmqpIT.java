package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AMQP 0-9-1 through the whole platform with the RabbitMQ Java client: topology declared through one node, messages
 * published on one node and consumed on the other, RabbitMQ's semantics for priorities, prefetch, acks, confirms,
 * returns, transactions and virtual hosts, and MQTT and AMQP meeting in {@code amq.topic}.
 */
class AmqpIT {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static Platform platform;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Connection> connections = new ArrayList<>();

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.shared();
    }

    @BeforeEach
    void nothingOpen() {
        connections.clear();
    }

    @AfterEach
    void closeConnections() throws IOException {
        for (Connection connection : connections) {
            if (connection.isOpen()) {
                connection.close();
            }
        }
    }

    private Channel channel(Platform.IngestNode node, String vhost) throws Exception {
        Connection connection = Amqp.connect(node, vhost);
        connections.add(connection);
        return connection.createChannel();
    }

    private Channel channel(Platform.IngestNode node) throws Exception {
        return channel(node, "/");
    }

    private String name(String what) {
        return "e2e." + run + "." + what;
    }

    @Test
    void messagePublishedOnOneNodeIsConsumedOnTheOtherWithItsProperties() throws Exception {
        Channel publisher = channel(platform.nodeA());
        String exchange = name("direct");
        String queue = name("orders");
        publisher.exchangeDeclare(exchange, "direct", true);
        publisher.queueDeclare(queue, true, false, false, null);
        publisher.queueBind(queue, exchange, "new");
        Amqp.Collector consumer = new Amqp.Collector(channel(platform.nodeB()), false).consume(queue);

        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).headers(Map.of("origin", "e2e")).messageId("m-1").build();
        publisher.basicPublish(exchange, "new", properties, "{\"id\":1}".getBytes(StandardCharsets.UTF_8));

        await().atMost(LONG).until(() -> consumer.received().size() == 1);
        Amqp.Received received = consumer.received().get(0);
        assertThat(received.body()).isEqualTo("{\"id\":1}");
        assertThat(received.routingKey()).isEqualTo("new");
        assertThat(received.redelivered()).isFalse();
        assertThat(received.properties().getContentType()).isEqualTo("application/json");
        assertThat(received.properties().getMessageId()).isEqualTo("m-1");
        assertThat(received.properties().getHeaders().get("origin")).hasToString("e2e");
    }

    @Test
    void topicFanoutAndHeadersExchangesRouteAsRabbitMqDoes() throws Exception {
        Channel channel = channel(platform.nodeA());
        String topic = name("topic");
        String fanout = name("fanout");
        String headers = name("headers");
        channel.exchangeDeclare(topic, "topic");
        channel.exchangeDeclare(fanout, "fanout");
        channel.exchangeDeclare(headers, "headers");
        String star = declareBound(channel, topic, "sensor.*.temp");
        String hash = declareBound(channel, topic, "sensor.#");
        String all = declareBound(channel, fanout, "ignored");
        String matchAll = channel.queueDeclare().getQueue();
        channel.queueBind(matchAll, headers, "", Map.of("x-match", "all", "site", "a", "kind", "t"));
        String matchAny = channel.queueDeclare().getQueue();
        channel.queueBind(matchAny, headers, "", Map.of("x-match", "any", "site", "a", "kind", "t"));

        Amqp.publish(channel, topic, "sensor.1.temp", "t1");
        Amqp.publish(channel, topic, "sensor.1.2.temp", "t2");
        Amqp.publish(channel, topic, "sensor", "t3");
        Amqp.publish(channel, fanout, "whatever", "f1");
        channel.basicPublish(headers, "", new AMQP.BasicProperties.Builder()
                .headers(Map.of("site", "a", "kind", "t")).build(), "h-both".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish(headers, "", new AMQP.BasicProperties.Builder()
                .headers(Map.of("site", "a")).build(), "h-one".getBytes(StandardCharsets.UTF_8));

        assertThat(drain(channel, star, 1)).containsExactly("t1");
        assertThat(drain(channel, hash, 3)).containsExactly("t1", "t2", "t3");
        assertThat(drain(channel, all, 1)).containsExactly("f1");
        assertThat(drain(channel, matchAll, 1)).containsExactly("h-both");
        assertThat(drain(channel, matchAny, 2)).containsExactly("h-both", "h-one");
    }

    @Test
    void priorityQueueDeliversTheHighestPriorityFirstAndFifoWithinOne() throws Exception {
        Channel publisher = channel(platform.nodeA());
        String queue = name("prio");
        publisher.queueDeclare(queue, true, false, false, Map.of("x-max-priority", 10));
        publisher.confirmSelect();
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().priority(random.nextInt(10))
                    .deliveryMode(2).build();
            publisher.basicPublish("", queue, properties, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        publisher.waitForConfirmsOrDie(LONG.toMillis());
        await().atMost(LONG).until(() -> publisher.queueDeclarePassive(queue).getMessageCount() == 1_000);

        Channel consuming = channel(platform.nodeB());
        consuming.basicQos(1);
        Amqp.Collector consumer = new Amqp.Collector(consuming, false).consume(queue);

        await().atMost(LONG).until(() -> consumer.received().size() == 1_000);
        List<int[]> seen = consumer.received().stream()
                .map(r -> new int[] {r.properties().getPriority(), Integer.parseInt(r.body())}).toList();
        for (int i = 1; i < seen.size(); i++) {
            int[] before = seen.get(i - 1);
            int[] after = seen.get(i);
            assertThat(after[0]).as("priority at %d", i).isLessThanOrEqualTo(before[0]);
            if (after[0] == before[0]) {
                assertThat(after[1]).as("FIFO within priority %d", after[0]).isGreaterThan(before[1]);
            }
        }
    }

    @Test
    void competingConsumersNeverHoldMoreThanTheirPrefetch() throws Exception {
        Channel publisher = channel(platform.nodeA());
        String queue = name("jobs");
        publisher.queueDeclare(queue, true, false, false, null);
        List<HoldingConsumer> consumers = new ArrayList<>();
        for (Platform.IngestNode node : List.of(platform.nodeA(), platform.nodeB())) {
            Channel channel = channel(node);
            channel.basicQos(3);
            HoldingConsumer consumer = new HoldingConsumer(channel);
            channel.basicConsume(queue, false, consumer);
            consumers.add(consumer);
        }
        for (int i = 0; i < 200; i++) {
            Amqp.publish(publisher, "", queue, "job-" + i);
        }

        await().atMost(LONG).until(() -> consumers.stream().mapToInt(HoldingConsumer::count).sum() == 200);
        for (HoldingConsumer consumer : consumers) {
            assertThat(consumer.mostHeld()).isLessThanOrEqualTo(3);
            assertThat(consumer.count()).isPositive();
        }
    }

    @Test
    void nackedAndAbandonedMessagesComeBackRedelivered() throws Exception {
        Channel channel = channel(platform.nodeA());
        String queue = name("retry");
        channel.queueDeclare(queue, true, false, false, null);
        Amqp.publish(channel, "", queue, "once");
        Amqp.publish(channel, "", queue, "twice");

        GetResponse first = awaitGet(channel, queue);
        assertThat(first.getEnvelope().isRedeliver()).isFalse();
        channel.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
        GetResponse again = awaitGet(channel, queue);
        assertThat(new String(again.getBody(), StandardCharsets.UTF_8)).isEqualTo("once");
        assertThat(again.getEnvelope().isRedeliver()).isTrue();
        channel.basicReject(again.getEnvelope().getDeliveryTag(), false);

        Channel abandoning = channel(platform.nodeB());
        GetResponse held = awaitGet(abandoning, queue);
        assertThat(new String(held.getBody(), StandardCharsets.UTF_8)).isEqualTo("twice");
        abandoning.close();
        GetResponse back = awaitGet(channel, queue);
        assertThat(new String(back.getBody(), StandardCharsets.UTF_8)).isEqualTo("twice");
        assertThat(back.getEnvelope().isRedeliver()).isTrue();
        channel.basicAck(back.getEnvelope().getDeliveryTag(), false);
        assertThat(channel.basicGet(queue, false)).isNull();
    }

    @Test
    void getPurgeAndDeleteAnswerWithCounts() throws Exception {
        Channel channel = channel(platform.nodeA());
        String queue = name("counted");
        channel.queueDeclare(queue, false, false, false, null);
        assertThat(channel.basicGet(queue, true)).isNull();
        for (int i = 0; i < 3; i++) {
            Amqp.publish(channel, "", queue, "m" + i);
        }
        await().atMost(LONG).until(() -> channel.queueDeclarePassive(queue).getMessageCount() == 3);

        GetResponse got = channel.basicGet(queue, true);
        assertThat(got.getMessageCount()).isEqualTo(2);
        assertThat(channel.queuePurge(queue).getMessageCount()).isEqualTo(2);
        Amqp.publish(channel, "", queue, "again");
        await().atMost(LONG).until(() -> channel.queueDeclarePassive(queue).getMessageCount() == 1);

        assertThatThrownBy(() -> channel.queueDelete(queue, false, true))
                .hasStackTraceContaining("PRECONDITION_FAILED");
        Channel other = channel(platform.nodeA());
        assertThat(other.queueDelete(queue).getMessageCount()).isEqualTo(1);
    }

    @Test
    void passiveDeclareOfAMissingQueueClosesTheChannelWith404() throws Exception {
        Channel channel = channel(platform.nodeB());
        assertThatThrownBy(() -> channel.queueDeclarePassive(name("missing")))
                .hasRootCauseInstanceOf(ShutdownSignalException.class)
                .hasStackTraceContaining("reply-code=404");
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.getConnection().isOpen()).isTrue();
    }

    @Test
    void anotherVirtualHostsQueueIsInvisible() throws Exception {
        Channel ours = channel(platform.nodeA(), "tenant-" + run);
        String queue = name("private");
        ours.queueDeclare(queue, true, false, false, null);
        Amqp.publish(ours, "", queue, "ours");

        Channel theirs = channel(platform.nodeA());
        assertThatThrownBy(() -> theirs.queueDeclarePassive(queue)).hasStackTraceContaining("reply-code=404");
        assertThat(new String(awaitGet(ours, queue).getBody(), StandardCharsets.UTF_8)).isEqualTo("ours");
    }

    @Test
    void confirmsArriveForEveryPublishAndUnroutableMandatoryMessagesComeBackFirst() throws Exception {
        Channel channel = channel(platform.nodeA());
        String queue = name("confirmed");
        channel.queueDeclare(queue, true, false, false, null);
        List<String> events = new CopyOnWriteArrayList<>();
        channel.addReturnListener(returned -> events.add("return " + returned.getReplyCode() + " "
                + new String(returned.getBody(), StandardCharsets.UTF_8)));
        channel.addConfirmListener((tag, multiple) -> events.add("ack " + tag), (tag, multiple) -> events.add(
                "nack " + tag));
        channel.confirmSelect();
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
        for (int i = 0; i < 100; i++) {
            channel.basicPublish("", queue, persistent, ("p" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(LONG.toMillis());
        channel.basicPublish("", name("nobody"), true, persistent, "lost".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(LONG.toMillis());

        assertThat(events).noneMatch(event -> event.startsWith("nack"));
        int returned = events.indexOf("return 312 lost");
        assertThat(returned).isNotNegative();
        assertThat(events.subList(returned, events.size())).anyMatch(event -> event.startsWith("ack"));
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(100);
    }

    @Test
    void transactionRollbackDiscardsAndCommitDelivers() throws Exception {
        Channel channel = channel(platform.nodeA());
        String queue = name("tx");
        channel.queueDeclare(queue, true, false, false, null);
        channel.txSelect();
        Amqp.publish(channel, "", queue, "discarded");
        channel.txRollback();
        Amqp.publish(channel, "", queue, "kept");
        channel.txCommit();

        await().atMost(LONG).until(() -> channel.queueDeclarePassive(queue).getMessageCount() == 1);
        assertThat(new String(channel.basicGet(queue, true).getBody(), StandardCharsets.UTF_8)).isEqualTo("kept");
    }

    @Test
    void immediatePublishClosesTheConnectionWith540() throws Exception {
        Channel channel = channel(platform.nodeA());
        Channel bystander = channel(platform.nodeA());
        channel.basicPublish("", name("any"), false, true, null, new byte[] {1});

        await().atMost(LONG).until(() -> !channel.getConnection().isOpen());
        assertThat(channel.getConnection().getCloseReason().getMessage()).contains("540");
        assertThat(bystander.queueDeclare().getQueue()).startsWith("amq.gen-");
    }

    @Test
    void aFullQueueWithRejectPublishKeepsItsFirstMessages() throws Exception {
        Channel channel = channel(platform.nodeA());
        String queue = name("bounded");
        channel.queueDeclare(queue, true, false, false, Map.of("x-max-length", 2, "x-overflow", "reject-publish"));
        channel.confirmSelect();
        for (String body : List.of("first", "second", "third")) {
            Amqp.publish(channel, "", queue, body);
        }
        channel.waitForConfirms(LONG.toMillis());

        assertThat(drain(channel, queue, 2)).containsExactly("first", "second");
        assertThat(channel.basicGet(queue, true)).isNull();
    }

    @Test
    void anUnusedQueueWithXExpiresGoes() throws Exception {
        Channel channel = channel(platform.nodeA());
        String queue = name("expires");
        channel.queueDeclare(queue, false, false, false, Map.of("x-expires", 1_000));

        // Checked every 2 s: a queue.declare, passive or not, may count as use and renew the lease (RabbitMQ's rule).
        await().atMost(LONG).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertThatThrownBy(() -> channel(
                platform.nodeB())
                .queueDeclarePassive(queue)).hasStackTraceContaining("reply-code=404"));
    }

    @Test
    void mqttTelemetryReachesAnAmqpQueueBoundToAmqTopic() throws Exception {
        Channel channel = channel(platform.nodeB());
        String queue = name("telemetry");
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, "amq.topic", "e2e-" + run + ".*.temp");
        Mqtt5AsyncClient device = Mqtt.connect(platform.nodeA(), "device");
        try {
            device.publishWith().topic("e2e-" + run + "/d1/temp").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("21.5".getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);
            device.publishWith().topic("e2e-" + run + "/d1/humidity").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("40".getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);

            GetResponse got = awaitGet(channel, queue);
            assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("21.5");
            assertThat(got.getEnvelope().getExchange()).isEqualTo("amq.topic");
            assertThat(got.getEnvelope().getRoutingKey()).isEqualTo("e2e-" + run + ".d1.temp");
            assertThat(got.getMessageCount()).isZero();
        } finally {
            Mqtt.disconnect(device);
        }
    }

    @Test
    void amqpPublishToAmqTopicReachesMqttSubscribers() throws Exception {
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeA(), "commands");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "e2e-" + run + "/+/cmd");
        Channel channel = channel(platform.nodeB());
        try {
            await().atMost(LONG).until(() -> {
                Amqp.publish(channel, "amq.topic", "e2e-" + run + ".probe.cmd", "probe");
                return !received.isEmpty();
            });
            Amqp.publish(channel, "amq.topic", "e2e-" + run + ".d7.cmd", "reboot");

            await().atMost(LONG).until(() -> received.contains(new Mqtt.Received("e2e-" + run + "/d7/cmd", "reboot",
                    false)));
        } finally {
            Mqtt.disconnect(subscriber);
        }
    }

    private static String declareBound(Channel channel, String exchange, String key) throws IOException {
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, key);
        return queue;
    }

    /** The bodies of the first {@code count} messages of {@code queue}, got and acknowledged one by one. */
    private static List<String> drain(Channel channel, String queue, int count) {
        List<String> bodies = new ArrayList<>();
        await().atMost(LONG).until(() -> {
            GetResponse response = channel.basicGet(queue, true);
            if (response != null) {
                bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
            }
            return bodies.size() >= count;
        });
        return bodies;
    }

    private static GetResponse awaitGet(Channel channel, String queue) {
        GetResponse[] got = new GetResponse[1];
        await().atMost(LONG).until(() -> (got[0] = channel.basicGet(queue, false)) != null);
        return got[0];
    }
}
