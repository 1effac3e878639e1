package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import io.tsunagu.infra.LocalInfra;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same AMQP 0-9-1 conversations with a real RabbitMQ ({@code infra/local/rabbitmq.sh}) and with Tsunagu, and the
 * answers compared: reply codes and texts of errors, headers and topic matching, what the spec leaves to the broker.
 * Names differ per broker and run; answers are compared with the names replaced by {@code <name>}.
 */
class RabbitMqParityIT {

    private static Platform platform;
    private static int rabbitPort;

    @BeforeAll
    static void startBoth() throws Exception {
        platform = Platform.shared();
        rabbitPort = LocalInfra.get().rabbitMq().amqpPort();
    }

    /** One conversation: returns what the broker answered, as text. */
    @FunctionalInterface
    interface Conversation {
        String run(Connection connection, String name) throws Exception;
    }

    private static void assertSameAnswers(Conversation conversation) throws Exception {
        assertThat(answer(platform.nodeA().ports().amqp(), conversation))
                .isEqualTo(answer(rabbitPort, conversation));
    }

    private static String answer(int port, Conversation conversation) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        String name = "parity-" + UUID.randomUUID();
        Connection connection = factory.newConnection();
        try {
            return sameEra(conversation.run(connection, name).replace(name, "<name>"));
        } finally {
            if (connection.isOpen()) {
                connection.close();
            }
        }
    }

    /**
     * Tsunagu's texts follow current RabbitMQ (3.12 and later), which names the field types of an inequivalent
     * argument; the reference here is Debian's 3.10, which does not. The difference is only that wording.
     */
    private static String sameEra(String answer) {
        return answer.replaceAll("received the value '([^']*)' of type '[^']*' but current is the value '([^']*)' of"
                + " type '[^']*'", "received '$1' but current is '$2'");
    }

    /** What a call that may fail answered: "ok", or which close with which code and text. */
    private static String outcome(Call call) {
        try {
            call.run();
            return "ok";
        } catch (IOException | ShutdownSignalException e) {
            ShutdownSignalException signal = e instanceof ShutdownSignalException s ? s
                    : (ShutdownSignalException) e.getCause();
            Method reason = signal.getReason();
            if (reason instanceof AMQP.Channel.Close close) {
                return "channel.close " + close.getReplyCode() + " " + close.getReplyText();
            }
            AMQP.Connection.Close close = (AMQP.Connection.Close) reason;
            return "connection.close " + close.getReplyCode() + " " + close.getReplyText();
        }
    }

    /** A client call that may end in a channel or connection close. */
    @FunctionalInterface
    interface Call {
        void run() throws IOException;
    }

    @Test
    void passiveDeclaresOfMissingEntities() throws Exception {
        assertSameAnswers((connection, name) -> outcome(() -> connection.createChannel().queueDeclarePassive(name))
                + " | " + outcome(() -> connection.createChannel().exchangeDeclarePassive(name)));
    }

    @Test
    void inequivalentRedeclarations() throws Exception {
        assertSameAnswers((connection, name) -> {
            Channel channel = connection.createChannel();
            channel.queueDeclare(name, false, false, true, Map.of("x-max-priority", 5));
            String queue = outcome(() -> connection.createChannel().queueDeclare(name, false, false, true,
                    Map.of("x-max-priority", 6)));
            String type = outcome(() -> connection.createChannel().exchangeDeclare("amq.direct", "fanout"));
            String reserved = outcome(() -> connection.createChannel().exchangeDeclare("amq.mine", "direct"));
            channel.queueDelete(name);
            return queue + " | " + type + " | " + reserved;
        });
    }

    @Test
    void publishingToMissingAndInternalExchanges() throws Exception {
        assertSameAnswers((connection, name) -> {
            Channel setup = connection.createChannel();
            setup.exchangeDeclare(name, "topic", false, true, true, null);
            setup.queueDeclare(name, false, false, true, null);
            setup.queueBind(name, name, "#");
            Channel missing = connection.createChannel();
            String toMissing = outcome(() -> {
                missing.basicPublish(name + "-missing", "k", null, new byte[] {1});
                missing.queueDeclarePassive(name);
            });
            Channel internal = connection.createChannel();
            String toInternal = outcome(() -> {
                internal.basicPublish(name, "k", null, new byte[] {1});
                internal.queueDeclarePassive(name);
            });
            setup.exchangeDelete(name);
            return toMissing + " | " + toInternal;
        });
    }

    /** A settlement to try on a fresh channel. */
    @FunctionalInterface
    interface Settlement {
        void apply(Channel channel) throws IOException;
    }

    @Test
    void unknownDeliveryTags() throws Exception {
        assertSameAnswers((connection, name) -> {
            connection.createChannel().queueDeclare(name, false, false, true, null);
            List<String> answers = new ArrayList<>();
            for (Settlement settlement : List.<Settlement>of(channel -> channel.basicAck(99, false),
                    channel -> channel.basicReject(7, true), channel -> channel.basicNack(5, true, false))) {
                Channel channel = connection.createChannel();
                answers.add(outcome(() -> {
                    settlement.apply(channel);
                    channel.queueDeclarePassive(name);
                }));
            }
            return String.join(" | ", answers);
        });
    }

    @Test
    void exclusiveConsumersAndExclusiveQueues() throws Exception {
        assertSameAnswers((connection, name) -> {
            Channel owner = connection.createChannel();
            owner.queueDeclare(name, false, false, true, null);
            owner.basicConsume(name, false, "first", false, true, null,
                    new DefaultConsumer(owner));
            Channel second = connection.createChannel();
            String exclusiveUse = outcome(() -> second.basicConsume(name, false,
                    new DefaultConsumer(second)));
            String exclusiveQueue = name + "-excl";
            owner.queueDeclare(exclusiveQueue, false, true, true, null);
            String locked;
            try (Connection other = otherConnection(connection)) {
                Channel foreign = other.createChannel();
                locked = outcome(() -> foreign.basicGet(exclusiveQueue, true));
            }
            return exclusiveUse + " | " + locked.replace(exclusiveQueue, "<excl>");
        });
    }

    private static Connection otherConnection(Connection connection) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(connection.getPort());
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection();
    }

    @Test
    void queueDeleteConditionsAndCounts() throws Exception {
        assertSameAnswers((connection, name) -> {
            Channel channel = connection.createChannel();
            channel.queueDeclare(name, false, false, false, null);
            channel.confirmSelect();
            Amqp.publish(channel, "", name, "one");
            Amqp.publish(channel, "", name, "two");
            channel.waitForConfirmsOrDie(30_000);
            String ifEmpty = outcome(() -> connection.createChannel().queueDelete(name, false, true));
            Channel consuming = connection.createChannel();
            consuming.basicConsume(name, false, new DefaultConsumer(consuming));
            String ifUnused = outcome(() -> connection.createChannel().queueDelete(name, true, false));
            consuming.close();
            Channel deleting = connection.createChannel();
            long count = deleting.queueDelete(name).getMessageCount();
            long missing = deleting.queueDelete(name + "-missing").getMessageCount();
            return ifEmpty + " | " + ifUnused + " | deleted " + count + " | missing " + missing;
        });
    }

    @Test
    void unsupportedRecoverQosAndImmediate() throws Exception {
        for (Conversation conversation : List.<Conversation>of(
                (connection, name) -> outcome(() -> connection.createChannel().basicRecover(false)),
                (connection, name) -> outcome(() -> connection.createChannel().basicQos(1000, 1, false)),
                (connection, name) -> outcome(() -> {
                    Channel channel = connection.createChannel();
                    channel.basicPublish("", name, false, true, null, new byte[] {1});
                    channel.queueDeclarePassive("amq.direct");
                }))) {
            assertSameAnswers(conversation);
        }
    }

    @Test
    void headersExchangeComparesValuesAsRabbitMqDoes() throws Exception {
        Map<String, Map<String, Object>> bindings = new LinkedHashMap<>();
        bindings.put("int-1", Map.of("k", 1));
        bindings.put("string-1", Map.of("k", "1"));
        bindings.put("any-k-or-l", Map.of("x-match", "any", "k", 1, "l", "x"));
        bindings.put("void-k", voidValue());
        List<Map<String, Object>> messages = List.of(Map.of("k", 1), Map.of("k", 1L), Map.of("k", 1.0),
                Map.of("k", "1"), Map.of("l", "x"), Map.of("k", true), Map.of());
        assertSameAnswers((connection, name) -> {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(name, "headers", false, true, null);
            Map<String, String> queues = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Object>> binding : bindings.entrySet()) {
                String queue = channel.queueDeclare(name + "-" + binding.getKey(), false, false, true, null)
                        .getQueue();
                channel.queueBind(queue, name, "", binding.getValue());
                queues.put(binding.getKey(), queue);
            }
            channel.confirmSelect();
            for (int i = 0; i < messages.size(); i++) {
                channel.basicPublish(name, "", new AMQP.BasicProperties.Builder().headers(messages.get(i)).build(),
                        Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);
            return received(channel, queues);
        });
    }

    private static Map<String, Object> voidValue() {
        Map<String, Object> table = new HashMap<>();
        table.put("k", null);
        return table;
    }

    @Test
    void topicExchangeEdgeCases() throws Exception {
        List<String> patterns = List.of("#", "*", "a.#", "a.*.#", "a.*.b", "#.b", "a.#.b");
        List<String> keys = List.of("", "a", "a.b", "a..b", "a.x.b", "a.x.y.b", "b");
        assertSameAnswers((connection, name) -> {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(name, "topic", false, true, null);
            Map<String, String> queues = new LinkedHashMap<>();
            for (String pattern : patterns) {
                String queue = channel.queueDeclare(name + "-" + pattern, false, false, true, null).getQueue();
                channel.queueBind(queue, name, pattern);
                queues.put(pattern, queue);
            }
            channel.confirmSelect();
            for (String key : keys) {
                Amqp.publish(channel, name, key, "'" + key + "'");
            }
            channel.waitForConfirmsOrDie(30_000);
            return received(channel, queues);
        });
    }

    @Test
    void deadLetteringOnRejectExpiryAndMaxLengthWritesXDeath() throws Exception {
        assertSameAnswers((connection, name) -> {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(name + "-dlx", "fanout", false, true, null);
            String dead = channel.queueDeclare(name + "-dead", false, false, true, null).getQueue();
            channel.queueBind(dead, name + "-dlx", "");
            Map<String, Object> deadLettered = Map.of("x-dead-letter-exchange", name + "-dlx");
            String rejected = channel.queueDeclare(name + "-rejected", false, false, true, deadLettered).getQueue();
            Map<String, Object> ttl = new HashMap<>(deadLettered);
            ttl.put("x-message-ttl", 50);
            String expiring = channel.queueDeclare(name + "-ttl", false, false, true, ttl).getQueue();
            Map<String, Object> bounded = new HashMap<>(deadLettered);
            bounded.put("x-max-length", 1);
            bounded.put("x-dead-letter-routing-key", "overflowed");
            String full = channel.queueDeclare(name + "-maxlen", false, false, true, bounded).getQueue();
            channel.confirmSelect();
            Amqp.publish(channel, "", rejected, "rejected");
            channel.basicPublish("", expiring, new AMQP.BasicProperties.Builder().expiration("60000").build(),
                    "expired".getBytes(StandardCharsets.UTF_8));
            Amqp.publish(channel, "", full, "pushed out");
            Amqp.publish(channel, "", full, "kept");
            channel.waitForConfirmsOrDie(30_000);
            GetResponse toReject = channel.basicGet(rejected, false);
            channel.basicReject(toReject.getEnvelope().getDeliveryTag(), false);
            List<String> deaths = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                deaths.add(describeDeath(awaitMessage(channel, dead)));
            }
            deaths.sort(null);
            return String.join("\n", deaths);
        });
    }

    private static GetResponse awaitMessage(Channel channel, String queue) {
        GetResponse[] got = new GetResponse[1];
        await().atMost(Duration.ofSeconds(30))
                .until(() -> (got[0] = channel.basicGet(queue, true)) != null);
        return got[0];
    }

    /** A dead-lettered message as text: body, routing, expiration, x-death without its time, x-first-death-*. */
    private static String describeDeath(GetResponse message) {
        Map<String, Object> headers = new TreeMap<>(message.getProps().getHeaders());
        StringBuilder text = new StringBuilder(new String(message.getBody(), StandardCharsets.UTF_8))
                .append(" via ").append(message.getEnvelope().getExchange()).append('/')
                .append(message.getEnvelope().getRoutingKey()).append(" expiration=")
                .append(message.getProps().getExpiration());
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            text.append(' ').append(header.getKey()).append('=').append(describe(header.getValue()));
        }
        return text.toString();
    }

    private static String describe(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(RabbitMqParityIT::describe).toList().toString();
        }
        if (value instanceof Map<?, ?> table) {
            Map<String, String> described = new TreeMap<>();
            table.forEach((key, item) -> {
                if (!"time".equals(key)) {
                    described.put(key.toString(), describe(item));
                }
            });
            return described.toString();
        }
        return String.valueOf(value);
    }

    /**
     * Each queue's bodies in order, as "label=[...]", read with basic.get once every publish was confirmed: as in
     * RabbitMQ, a confirmed message is in its queues, so a get after the confirm sees it.
     */
    private static String received(Channel channel, Map<String, String> queues) throws IOException {
        StringBuilder answer = new StringBuilder();
        for (Map.Entry<String, String> queue : queues.entrySet()) {
            List<String> bodies = new ArrayList<>();
            for (GetResponse got = channel.basicGet(queue.getValue(), true); got != null;
                    got = channel.basicGet(queue.getValue(), true)) {
                bodies.add(new String(got.getBody(), StandardCharsets.UTF_8));
            }
            answer.append(queue.getKey()).append('=').append(bodies).append(' ');
        }
        return answer.toString();
    }
}
