package io.tsunagu.ingest.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.QueueOwnerStandIn;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The channel methods with the RabbitMQ Java client, ingest alone on real Kafka: publishes on the publish stream,
 * confirms and returns from OUTCOME / RETURN records, consumers from queue commands and the records a queue owner
 * would write to this node's delivery stream (written here by {@link QueueOwnerStandIn}).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class AmqpChannelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    AmqpListener listener;
    @Inject
    NodeIdentity identity;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private QueueOwnerStandIn owner;
    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        owner = new QueueOwnerStandIn(bootstrapServers, identity.nodeId());
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        factory.setPort(listener.actualPort());
        factory.setAutomaticRecoveryEnabled(false);
        connection = factory.newConnection();
    }

    @AfterEach
    void close() throws Exception {
        if (connection.isOpen()) {
            connection.close();
        }
        owner.close();
    }

    @Test
    void publishLandsOnThePublishStreamAsAnAmqpPublishEvent() throws Exception {
        Channel channel = connection.createChannel();
        String routingKey = unique("orders");
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("text/plain")
                .deliveryMode(2).priority(5).headers(Map.of("region", "eu")).build();
        byte[] body = new byte[200_000];
        body[0] = 7;
        body[199_999] = 9;

        channel.basicPublish("", routingKey, properties, body);

        ConsumerRecord<String, byte[]> record = owner.awaitPublish(
                event -> event.message().routingKey().equals(routingKey));
        AmqpPublishEvent event = AmqpPublishCodec.decode(record.value());
        assertThat(record.key()).isEqualTo(Streams.amqpPublishKey("default", event.publisher()));
        assertThat(event.vhost()).isEqualTo("default");
        assertThat(event.publisher().nodeId()).isEqualTo(identity.nodeId());
        assertThat(event.publisher().channel()).isEqualTo(channel.getChannelNumber());
        assertThat(event.publishSeq()).isZero();
        assertThat(event.mandatory()).isFalse();
        assertThat(event.message().exchange()).isEmpty();
        assertThat(event.message().body().toByteArray()).isEqualTo(body);
        BasicProperties decoded = BasicPropertiesCodec.decode(event.message().properties());
        assertThat(decoded.contentType()).isEqualTo("text/plain");
        assertThat(decoded.deliveryMode()).isEqualTo(2);
        assertThat(decoded.priority()).isEqualTo(5);
        assertThat(decoded.headers()).containsKey("region");
    }

    @Test
    void confirmAckWaitsForTheOutcomeRecord() throws Exception {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        List<Long> acks = new CopyOnWriteArrayList<>();
        channel.addConfirmListener((tag, multiple) -> acks.add(tag), (tag, multiple) -> acks.add(-tag));
        String routingKey = unique("confirmed");

        channel.basicPublish("", routingKey, null, bytes("one"));
        AmqpPublishEvent event = publishedWith(routingKey);
        assertThat(event.publishSeq()).isEqualTo(1);
        assertThat(acks).as("no ack before routing's outcome").isEmpty();

        owner.write(AmqpDelivery.outcome(event.publisher(), 1));

        await().atMost(WAIT).until(() -> acks.contains(1L));
        assertThat(acks).containsExactly(1L);
    }

    @Test
    void returnOfAMandatoryPublishComesBeforeItsAck() throws Exception {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        List<String> events = new CopyOnWriteArrayList<>();
        channel.addReturnListener(returned -> events.add("return " + returned.getReplyCode() + " "
                + new String(returned.getBody(), StandardCharsets.UTF_8)));
        channel.addConfirmListener((tag, multiple) -> events.add("ack " + tag), (tag, multiple) -> events.add("nack"));
        String routingKey = unique("unroutable");

        channel.basicPublish("", routingKey, true, null, bytes("lost"));
        AmqpPublishEvent event = publishedWith(routingKey);
        assertThat(event.mandatory()).isTrue();
        owner.write(AmqpDelivery.returned(event.publisher(), 1, new AmqpDelivery.Reply(312, "NO_ROUTE"),
                event.message()));
        owner.write(AmqpDelivery.outcome(event.publisher(), 1));

        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(events).containsExactly("return 312 lost", "ack 1");
    }

    @Test
    void consumeOkFollowsTheOwnersReplyToTheConsumeCommand() throws Exception {
        Channel channel = connection.createChannel();
        channel.basicQos(7);
        String queue = unique("work");

        CompletableFuture<String> consumeOk = AmqpTestSteps.async(() -> consume(channel, queue, "c1"));
        QueueCommand consume = owner.awaitCommand(command -> command.queue().equals(queue));
        assertThat(consume.kind()).isEqualTo(QueueCommandKind.CONSUME);
        assertThat(consume.vhost()).isEqualTo("default");
        assertThat(consume.consumerTag()).isEqualTo("c1");
        assertThat(consume.prefetch()).isEqualTo(7);
        assertThat(consume.has(QueueCommand.NO_ACK)).isFalse();
        assertThat(consumeOk).isNotDone();

        owner.write(AmqpDelivery.reply(consume.channel(), consume.requestId(), AmqpDelivery.Counts.NONE,
                AmqpDelivery.Reply.OK));

        assertThat(consumeOk.get(20, TimeUnit.SECONDS)).isEqualTo("c1");
    }

    @Test
    void refusedConsumeClosesTheChannelWith403() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("exclusive");

        CompletableFuture<String> consumeOk = AmqpTestSteps.async(() -> consume(channel, queue, "c1"));
        QueueCommand consume = owner.awaitCommand(command -> command.queue().equals(queue));
        owner.write(AmqpDelivery.reply(consume.channel(), consume.requestId(), AmqpDelivery.Counts.NONE,
                new AmqpDelivery.Reply(403, "ACCESS_REFUSED - queue '" + queue + "' in vhost '/' in exclusive use")));

        await().atMost(WAIT).until(consumeOk::isDone);
        assertThat(consumeOk).isCompletedExceptionally();
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.getCloseReason().isHardError()).isFalse();
        assertThat(((AMQP.Channel.Close) channel.getCloseReason().getReason()).getReplyCode()).isEqualTo(403);
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void deliveriesGetIncreasingTagsAndSettlementsGoToTheOwner() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("jobs");
        List<String> received = new CopyOnWriteArrayList<>();
        ChannelRef ref = consumeWithReply(channel, queue, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                    byte[] body) {
                received.add(envelope.getDeliveryTag() + ":" + new String(body, StandardCharsets.UTF_8) + ":"
                        + envelope.isRedeliver());
            }
        });

        for (int i = 0; i < 4; i++) {
            owner.write(AmqpDelivery.deliver(ref, "c1", new AmqpDelivery.QueuePosition(queue, 10 + i, i == 3, 0),
                    message(queue, "m" + i)));
        }
        await().atMost(WAIT).until(() -> received.size() == 4);
        assertThat(received).containsExactly("1:m0:false", "2:m1:false", "3:m2:false", "4:m3:true");

        channel.basicAck(2, true);
        channel.basicNack(3, false, true);
        channel.basicReject(4, false);

        List<QueueCommand> settles = owner.awaitCommands(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.SETTLE, 3);
        assertThat(settles.get(0).offsets()).containsExactly(10, 11);
        assertThat(settles.get(0).flags()).isZero();
        assertThat(settles.get(1).offsets()).containsExactly(12);
        assertThat(settles.get(1).flags()).isEqualTo(QueueCommand.REQUEUE);
        assertThat(settles.get(2).offsets()).containsExactly(13);
        assertThat(settles.get(2).flags()).isEqualTo(QueueCommand.DISCARD);
    }

    @Test
    void unknownDeliveryTagClosesTheChannelWith406() throws Exception {
        Channel channel = connection.createChannel();

        channel.basicAck(42, false);

        await().atMost(WAIT).until(() -> !channel.isOpen());
        AMQP.Channel.Close close = (AMQP.Channel.Close) channel.getCloseReason().getReason();
        assertThat(close.getReplyCode()).isEqualTo(406);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - unknown delivery tag 42");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void channelCloseTellsEveryQueueItConsumedFrom() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("closing");
        consumeWithReply(channel, queue, new DefaultConsumer(channel));

        channel.close();

        QueueCommand closed = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.CHANNEL_CLOSED);
        assertThat(closed.channel().channel()).isEqualTo(channel.getChannelNumber());
    }

    @Test
    void connectionLossTellsEveryQueueItsChannelsConsumedFrom() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("lost");
        consumeWithReply(channel, queue, new DefaultConsumer(channel));

        connection.abort();

        QueueCommand closed = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.CHANNEL_CLOSED);
        assertThat(closed.channel().connectionId()).startsWith("amqp-");
    }

    @Test
    void basicGetAnswersWithTheOwnersMessage() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("polled");

        CompletableFuture<com.rabbitmq.client.GetResponse> got = AmqpTestSteps.async(() -> get(channel, queue));
        QueueCommand get = owner.awaitCommand(command -> command.queue().equals(queue));
        assertThat(get.kind()).isEqualTo(QueueCommandKind.GET);
        owner.write(AmqpDelivery.getOk(get.channel(), get.requestId(), new AmqpDelivery.QueuePosition(queue, 5,
                false, 3), message(queue, "polled")));

        com.rabbitmq.client.GetResponse response = got.get(20, TimeUnit.SECONDS);
        assertThat(response.getEnvelope().getDeliveryTag()).isEqualTo(1);
        assertThat(response.getMessageCount()).isEqualTo(3);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("polled");
    }

    private ChannelRef consumeWithReply(Channel channel, String queue, DefaultConsumer consumer) throws Exception {
        CompletableFuture<String> consumeOk = AmqpTestSteps.async(() -> channel.basicConsume(queue, false, "c1",
                consumer));
        QueueCommand consume = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.CONSUME);
        owner.write(AmqpDelivery.reply(consume.channel(), consume.requestId(), AmqpDelivery.Counts.NONE,
                AmqpDelivery.Reply.OK));
        consumeOk.get(20, TimeUnit.SECONDS);
        return consume.channel();
    }

    private static String consume(Channel channel, String queue, String tag) {
        try {
            return channel.basicConsume(queue, false, tag, new DefaultConsumer(channel));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static com.rabbitmq.client.GetResponse get(Channel channel, String queue) {
        try {
            return channel.basicGet(queue, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private AmqpPublishEvent publishedWith(String routingKey) {
        return AmqpPublishCodec.decode(owner.awaitPublish(event -> event.message().routingKey().equals(routingKey))
                .value());
    }

    private static AmqpMessage message(String routingKey, String body) {
        return new AmqpMessage("", routingKey, AmqpMessage.NO_PROPERTIES, Payload.wrap(bytes(body)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
