package io.tsunagu.ingest.transport.amqp;

import static io.tsunagu.ingest.transport.amqp.AmqpTestSteps.bytes;
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
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.QueueOwnerStandIn;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tx.select / commit / rollback: publishes and acks held until commit, commit-ok after the outcomes. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class AmqpTransactionTest {

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
    void commitPublishesTheHeldMessagesAndAnswersOnceTheyAreRouted() throws Exception {
        Channel channel = connection.createChannel();
        channel.txSelect();
        String routingKey = unique("tx");
        channel.basicPublish("", routingKey, null, bytes("held"));

        CompletableFuture<AMQP.Tx.CommitOk> commit = AmqpTestSteps.async(channel::txCommit);
        AmqpPublishEvent event = steps.published(routingKey);
        assertThat(event.publishSeq()).isEqualTo(1);
        assertThat(commit).as("commit-ok waits for routing's outcome").isNotDone();

        owner.write(AmqpDelivery.outcome(event.publisher(), 1));

        assertThat(commit.get(20, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void rollbackDiscardsTheHeldPublishes() throws Exception {
        Channel channel = connection.createChannel();
        channel.txSelect();
        String discarded = unique("discarded");
        String kept = unique("kept");
        channel.basicPublish("", discarded, null, bytes("no"));
        channel.txRollback();
        channel.basicPublish("", kept, null, bytes("yes"));

        CompletableFuture<AMQP.Tx.CommitOk> commit = AmqpTestSteps.async(channel::txCommit);
        AmqpPublishEvent event = steps.published(kept);
        owner.write(AmqpDelivery.outcome(event.publisher(), event.publishSeq()));
        commit.get(20, TimeUnit.SECONDS);

        assertThat(owner.publishesWithin(published -> published.message().routingKey().equals(discarded),
                Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void acksAreHeldUntilCommit() throws Exception {
        Channel channel = connection.createChannel();
        String queue = unique("txacks");
        List<Long> tags = new CopyOnWriteArrayList<>();
        ChannelRef ref = steps.consume(channel, queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                tags.add(envelope.getDeliveryTag());
            }
        });
        steps.deliver(ref, queue, 4, "a");
        await().atMost(WAIT).until(() -> tags.size() == 1);
        channel.txSelect();

        channel.basicAck(1, false);
        assertThat(owner.commandsWithin(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.SETTLE, Duration.ofSeconds(1))).isEmpty();
        channel.txCommit();

        QueueCommand settle = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.SETTLE);
        assertThat(settle.offsets()).containsExactly(4);
    }

    @Test
    void confirmModeOnATransactionalChannelIsAPreconditionFailure() throws Exception {
        Channel channel = connection.createChannel();
        channel.txSelect();

        AmqpTestSteps.async(channel::confirmSelect);

        await().atMost(WAIT).until(() -> !channel.isOpen());
        AMQP.Channel.Close close = (AMQP.Channel.Close) channel.getCloseReason().getReason();
        assertThat(close.getReplyCode()).isEqualTo(406);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - cannot switch from tx to confirm mode");
    }
}
