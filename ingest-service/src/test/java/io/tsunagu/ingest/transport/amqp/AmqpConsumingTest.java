package io.tsunagu.ingest.transport.amqp;

import static io.tsunagu.ingest.transport.amqp.AmqpTestSteps.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.codec.amqp.ChannelMethod;
import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.QueueOwnerStandIn;
import io.tsunagu.ingest.support.RawAmqpClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consumers beyond the basics: global prefetch, recover, cancel from either side, no-ack, refused methods. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class AmqpConsumingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    AmqpListener listener;
    @Inject
    NodeIdentity identity;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private QueueOwnerStandIn owner;
    private AmqpTestSteps steps;
    private Connection connection;
    private final List<Long> tags = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        owner = new QueueOwnerStandIn(bootstrapServers, identity.nodeId());
        steps = new AmqpTestSteps(owner);
        connection = AmqpTestSteps.factory(listener.actualPort()).newConnection();
    }

    @AfterEach
    void close() throws Exception {
        if (connection.isOpen()) {
            connection.close();
        }
        owner.close();
    }

    @Test
    void globalPrefetchHoldsDeliveriesBackUntilAnAckMakesRoom() throws Exception {
        Channel channel = connection.createChannel();
        channel.basicQos(1, true);
        String queue = unique("global");
        ChannelRef ref = steps.consume(channel, queue, false, recording(channel));
        QueueCommand consume = owner.awaitCommand(command -> command.queue().equals(queue));
        assertThat(consume.prefetch()).as("a consumer never holds more than its channel may").isEqualTo(1);

        steps.deliver(ref, queue, 1, "a");
        steps.deliver(ref, queue, 2, "b");
        await().atMost(WAIT).until(() -> tags.size() == 1);
        owner.write(AmqpDelivery.cancel(new ChannelRef("elsewhere", "x", 1), "marker"));
        assertThat(tags).containsExactly(1L);

        channel.basicAck(1, false);

        await().atMost(WAIT).until(() -> tags.size() == 2);
        assertThat(tags).containsExactly(1L, 2L);
    }

    @Test
    void recoverWithRequeueGivesEveryUnackedMessageBack() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("recovered");
        ChannelRef ref = steps.consume(channel, queue, false, recording(channel));
        steps.deliver(ref, queue, 3, "a");
        await().atMost(WAIT).until(() -> tags.size() == 1);

        channel.basicRecover(true);

        QueueCommand recover = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.RECOVER);
        assertThat(recover.channel()).isEqualTo(ref);
    }

    @Test
    void recoverWithoutRequeueIsNotImplemented() throws Exception {
        Channel channel = connection.createChannel();

        AmqpTestSteps.async(() -> channel.basicRecover(false));

        await().atMost(WAIT).until(() -> !connection.isOpen());
        AMQP.Connection.Close close = (AMQP.Connection.Close) connection.getCloseReason().getReason();
        assertThat(close.getReplyCode()).isEqualTo(540);
        assertThat(close.getReplyText()).isEqualTo("NOT_IMPLEMENTED - requeue=false");
    }

    @Test
    void cancelTellsTheOwnerAndLaterDeliveriesGoBackToTheQueue() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("cancelled");
        ChannelRef ref = steps.consume(channel, queue, false, recording(channel));

        channel.basicCancel("c1");
        owner.awaitCommand(command -> command.queue().equals(queue) && command.kind() == QueueCommandKind.CANCEL
                && command.consumerTag().equals("c1"));
        steps.deliver(ref, queue, 9, "late");

        QueueCommand settle = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.SETTLE);
        assertThat(settle.offsets()).containsExactly(9);
        assertThat(settle.flags()).isEqualTo(QueueCommand.REQUEUE);
        assertThat(tags).isEmpty();
    }

    @Test
    void serverCancelReachesAClientThatAnnouncedConsumerCancelNotify() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("deleted");
        List<String> cancelled = new CopyOnWriteArrayList<>();
        ChannelRef ref = steps.consume(channel, queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleCancel(String consumerTag) {
                cancelled.add(consumerTag);
            }
        });

        owner.write(AmqpDelivery.cancel(ref, "c1"));

        await().atMost(WAIT).until(() -> cancelled.contains("c1"));
    }

    @Test
    void noAckConsumerIsAskedForWithTheFlagAndNeedsNoAck() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("noack");
        ChannelRef ref = steps.consume(channel, queue, true, recording(channel));
        QueueCommand consume = owner.awaitCommand(command -> command.queue().equals(queue));
        assertThat(consume.has(QueueCommand.NO_ACK)).isTrue();

        steps.deliver(ref, queue, 1, "a");
        await().atMost(WAIT).until(() -> tags.size() == 1);
        channel.basicAck(1, false);

        await().atMost(WAIT).until(() -> !channel.isOpen());
        assertThat(((AMQP.Channel.Close) channel.getCloseReason().getReason()).getReplyCode()).isEqualTo(406);
    }

    @Test
    void prefetchSizeIsNotImplemented() throws Exception {
        Channel channel = connection.createChannel();

        AmqpTestSteps.async(() -> {
            channel.basicQos(1024, 10, false);
            return null;
        });

        await().atMost(WAIT).until(() -> !connection.isOpen());
        assertThat(((AMQP.Connection.Close) connection.getCloseReason().getReason()).getReplyCode()).isEqualTo(540);
    }

    @Test
    void reusingAConsumerTagOnTheChannelIsNotAllowed() throws Exception {
        // Raw frames: the Java client refuses a tag it already uses before asking the server.
        try (RawAmqpClient raw = RawAmqpClient.open(listener.actualPort())) {
            raw.handshake(0);
            raw.send(1, new ChannelMethod.Open());
            raw.expect(ChannelMethod.OpenOk.class);
            String queue = unique("first");
            raw.send(1, new BasicMethod.Consume(queue, "c1", 0, Map.of()));
            QueueCommand consume = owner.awaitCommand(command -> command.queue().equals(queue));
            owner.write(AmqpDelivery.reply(consume.channel(), consume.requestId(), AmqpDelivery.Counts.NONE,
                    AmqpDelivery.Reply.OK));
            raw.expect(BasicMethod.ConsumeOk.class);

            raw.send(1, new BasicMethod.Consume(unique("second"), "c1", 0, Map.of()));

            ConnectionMethod.Close close = raw.expectConnectionClose(530);
            assertThat(close.replyText()).isEqualTo("NOT_ALLOWED - attempt to reuse consumer tag 'c1'");
        }
    }

    private DefaultConsumer recording(Channel channel) {
        return new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                tags.add(envelope.getDeliveryTag());
            }
        };
    }
}
