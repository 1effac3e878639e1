package io.tsunagu.ingest.transport.amqp10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.QueueOwnerStandIn;
import io.tsunagu.ingest.transport.amqp.AmqpListener;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonSender;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AMQP 1.0 on the AMQP 0-9-1 port with a real AMQP 1.0 client (vertx-proton), ingest alone on real Kafka: publishes
 * on the publish stream, their outcomes from OUTCOME / RETURN records, consumers from queue commands and the records
 * a queue owner would write to this node's delivery stream (written here by {@link QueueOwnerStandIn}).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class Amqp10Test {

    private static final Duration WAIT = Amqp10TestClient.WAIT;

    @Inject
    AmqpListener listener;
    @Inject
    NodeIdentity identity;
    @Inject
    Vertx vertx;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private QueueOwnerStandIn owner;
    private Amqp10TestClient client;

    @BeforeEach
    void connect() throws Exception {
        owner = new QueueOwnerStandIn(bootstrapServers, identity.nodeId());
        client = Amqp10TestClient.connect(vertx, listener.actualPort(), Amqp10TestClient.Login.PLAIN);
    }

    @AfterEach
    void close() {
        client.close();
        owner.close();
    }

    @Test
    void saslAnonymousConnects() throws Exception {
        try (Amqp10TestClient anonymous = Amqp10TestClient.connect(vertx, listener.actualPort(),
                Amqp10TestClient.Login.ANONYMOUS)) {
            assertThat(anonymous.isDisconnected()).isFalse();
        }
    }

    @Test
    void saslPlainConnectsAndAttachesASender() throws Exception {
        ProtonSender sender = client.sender("/exchanges/amq.topic/" + unique("plain")).awaitOpen();

        assertThat(sender.isOpen()).isTrue();
    }

    @Test
    void unsettledMessageLandsOnThePublishStreamAndIsAcceptedAfterTheOutcome() throws Exception {
        String key = unique("orders");
        ProtonSender sender = client.sender("/exchanges/amq.topic/" + key).awaitOpen();
        List<DeliveryState> states = new CopyOnWriteArrayList<>();

        client.send(sender, richMessage(), states);

        AmqpPublishEvent event = AmqpPublishCodec.decode(owner.awaitPublish(
                published -> published.message().routingKey().equals(key)).value());
        assertThat(event.vhost()).isEqualTo("default");
        assertThat(event.message().exchange()).isEqualTo("amq.topic");
        assertThat(event.publisher().nodeId()).isEqualTo(identity.nodeId());
        assertThat(event.publishSeq()).isEqualTo(1);
        assertThat(event.mandatory()).isTrue();
        assertThat(event.message().body().toByteArray()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertRichProperties(BasicPropertiesCodec.decode(event.message().properties()));
        assertThat(states).isEmpty();

        owner.write(AmqpDelivery.outcome(event.publisher(), event.publishSeq()));

        await().atMost(WAIT).until(() -> !states.isEmpty());
        assertThat(states.get(0)).isInstanceOf(Accepted.class);
    }

    @Test
    void unroutableMessageIsReleased() throws Exception {
        String key = unique("nobody");
        ProtonSender sender = client.sender("/exchanges/amq.direct/" + key).awaitOpen();
        List<DeliveryState> states = new CopyOnWriteArrayList<>();
        client.send(sender, textMessage("x"), states);
        AmqpPublishEvent event = AmqpPublishCodec.decode(owner.awaitPublish(
                published -> published.message().routingKey().equals(key)).value());

        owner.write(AmqpDelivery.returned(event.publisher(), event.publishSeq(),
                new AmqpDelivery.Reply(312, "NO_ROUTE"), event.message()));
        owner.write(AmqpDelivery.outcome(event.publisher(), event.publishSeq()));

        await().atMost(WAIT).until(() -> !states.isEmpty());
        assertThat(states.get(0)).isInstanceOf(Released.class);
    }

    @Test
    void subjectIsTheRoutingKeyOfAnExchangeAddressWithoutKey() throws Exception {
        String key = unique("subject");
        ProtonSender sender = client.sender("/exchanges/amq.topic", ProtonQoS.AT_MOST_ONCE).awaitOpen();
        Message message = textMessage("s");
        message.setSubject(key);

        client.sendPresettled(sender, message);

        AmqpPublishEvent event = AmqpPublishCodec.decode(owner.awaitPublish(
                published -> published.message().routingKey().equals(key)).value());
        assertThat(event.message().exchange()).isEqualTo("amq.topic");
        assertThat(event.publishSeq()).isZero();
        assertThat(event.mandatory()).isFalse();
    }

    @Test
    void queueAddressPublishesToTheDefaultExchange() throws Exception {
        String queue = unique("q");
        ProtonSender sender = client.sender("/queues/" + queue, ProtonQoS.AT_MOST_ONCE).awaitOpen();

        client.sendPresettled(sender, textMessage("q"));

        AmqpPublishEvent event = AmqpPublishCodec.decode(owner.awaitPublish(
                published -> published.message().routingKey().equals(queue)).value());
        assertThat(event.message().exchange()).isEmpty();
    }

    @Test
    void unknownAddressIsRefusedWithNotFound() throws Exception {
        ErrorCondition condition = client.sender("/nowhere/" + unique("x")).awaitClosed();

        assertThat(condition.getCondition().toString()).isEqualTo("amqp:not-found");
    }

    @Test
    void receiverConsumesAndGetsDeliveriesAsTransfers() throws Exception {
        String queue = unique("consumed");
        List<Amqp10TestClient.Received> received = new CopyOnWriteArrayList<>();
        Amqp10TestClient.Link<?> link = client.receiver("/queues/" + queue, 10, ProtonQoS.AT_LEAST_ONCE, received);

        QueueCommand consume = awaitConsume(queue);
        assertThat(consume.prefetch()).isPositive();
        assertThat(consume.has(QueueCommand.NO_ACK)).isFalse();
        link.awaitOpen();
        owner.write(deliver(consume, 7, false));
        owner.write(deliver(consume, 8, true));

        await().atMost(WAIT).until(() -> received.size() == 2);
        Message first = received.get(0).message();
        assertThat(((Data) first.getBody()).getValue().getArray()).isEqualTo(body(7));
        assertThat(first.getSubject()).isEqualTo("rk");
        assertThat(first.getContentType()).isEqualTo("text/plain");
        assertThat(first.isDurable()).isTrue();
        assertThat(first.getApplicationProperties().getValue()).containsEntry("region", "eu");
        assertThat(first.getDeliveryCount()).isZero();
        assertThat(received.get(1).message().getDeliveryCount()).isEqualTo(1);
    }

    @Test
    void dispositionsBecomeSettleCommands() throws Exception {
        String queue = unique("settled");
        List<Amqp10TestClient.Received> received = new CopyOnWriteArrayList<>();
        Amqp10TestClient.Link<?> link = client.receiver("/queues/" + queue, 10, ProtonQoS.AT_LEAST_ONCE, received);
        QueueCommand consume = awaitConsume(queue);
        link.awaitOpen();
        for (long offset = 1; offset <= 3; offset++) {
            owner.write(deliver(consume, offset, false));
        }
        await().atMost(WAIT).until(() -> received.size() == 3);

        client.settle(received.get(0).delivery(), Accepted.getInstance());
        client.settle(received.get(1).delivery(), new Released());
        client.settle(received.get(2).delivery(), new Rejected());

        List<QueueCommand> settles = owner.awaitCommands(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.SETTLE, 3);
        assertThat(settles).extracting(command -> command.offsets()[0]).containsExactly(1L, 2L, 3L);
        assertThat(settles).extracting(QueueCommand::flags).containsExactly(0, QueueCommand.REQUEUE,
                QueueCommand.DISCARD);
        assertThat(settles).allMatch(command -> command.channel().equals(consume.channel()));
    }

    @Test
    void atMostOnceReceiverConsumesWithoutAcks() throws Exception {
        String queue = unique("noack");
        client.receiver("/queues/" + queue, 10, ProtonQoS.AT_MOST_ONCE, new CopyOnWriteArrayList<>());

        assertThat(awaitConsume(queue).has(QueueCommand.NO_ACK)).isTrue();
    }

    @Test
    void detachSendsChannelClosed() throws Exception {
        String queue = unique("detached");
        Amqp10TestClient.Link<io.vertx.proton.ProtonReceiver> link = client.receiver("/queues/" + queue, 10,
                ProtonQoS.AT_LEAST_ONCE, new CopyOnWriteArrayList<>());
        QueueCommand consume = awaitConsume(queue);
        io.vertx.proton.ProtonReceiver receiver = link.awaitOpen();

        client.run(receiver::close);

        QueueCommand closed = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.CHANNEL_CLOSED);
        assertThat(closed.channel()).isEqualTo(consume.channel());
    }

    @Test
    void connectionCloseSendsChannelClosed() throws Exception {
        String queue = unique("gone");
        Amqp10TestClient.Link<io.vertx.proton.ProtonReceiver> link = client.receiver("/queues/" + queue, 10,
                ProtonQoS.AT_LEAST_ONCE, new CopyOnWriteArrayList<>());
        QueueCommand consume = awaitConsume(queue);
        link.awaitOpen();

        client.close();

        QueueCommand closed = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.CHANNEL_CLOSED);
        assertThat(closed.channel()).isEqualTo(consume.channel());
    }

    @Test
    void consumeRefusedByTheOwnerRefusesTheAttach() throws Exception {
        String queue = unique("missing");
        Amqp10TestClient.Link<io.vertx.proton.ProtonReceiver> link = client.receiver("/queues/" + queue, 10,
                ProtonQoS.AT_LEAST_ONCE, new CopyOnWriteArrayList<>());
        QueueCommand consume = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.CONSUME);

        owner.write(AmqpDelivery.reply(consume.channel(), consume.requestId(), AmqpDelivery.Counts.NONE,
                new AmqpDelivery.Reply(404, "NOT_FOUND - no queue '" + queue + "' in vhost '/'")));

        assertThat(link.awaitClosed().getCondition().toString()).isEqualTo("amqp:not-found");
    }

    @Test
    void creditIsBoundedByUnsettledTransfersAndReturnsWithTheirOutcomes() throws Exception {
        String key = unique("credit");
        ProtonSender sender = client.sender("/exchanges/amq.topic/" + key).awaitOpen();
        List<DeliveryState> states = new CopyOnWriteArrayList<>();
        int window = 100;
        for (int i = 0; i < window; i++) {
            client.send(sender, textMessage("m" + i), states);
        }
        AmqpPublishEvent last = AmqpPublishCodec.decode(owner.awaitPublish(
                published -> published.message().routingKey().equals(key) && published.publishSeq() == window)
                .value());
        assertThat(client.call(sender::sendQueueFull)).isTrue();

        for (long seq = 1; seq <= window; seq++) {
            owner.write(AmqpDelivery.outcome(last.publisher(), seq));
        }

        await().atMost(WAIT).until(() -> states.size() == window && !client.call(sender::sendQueueFull));
    }

    @Test
    void deliveriesWaitForTheClientsCredit() throws Exception {
        String queue = unique("credited");
        List<Amqp10TestClient.Received> received = new CopyOnWriteArrayList<>();
        Amqp10TestClient.Link<io.vertx.proton.ProtonReceiver> link = client.receiver("/queues/" + queue, 0,
                ProtonQoS.AT_LEAST_ONCE, received);
        QueueCommand consume = awaitConsume(queue);
        io.vertx.proton.ProtonReceiver receiver = link.awaitOpen();
        client.run(() -> receiver.flow(1));

        owner.write(deliver(consume, 1, false));
        owner.write(deliver(consume, 2, false));

        await().atMost(WAIT).until(() -> received.size() == 1);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> received.size() == 1);
        client.run(() -> receiver.flow(1));
        await().atMost(WAIT).until(() -> received.size() == 2);
    }

    @Test
    void deliveryForALinkThatIsGoneGoesBackToItsQueue() throws Exception {
        String queue = unique("handback");
        Amqp10TestClient.Link<io.vertx.proton.ProtonReceiver> link = client.receiver("/queues/" + queue, 10,
                ProtonQoS.AT_LEAST_ONCE, new CopyOnWriteArrayList<>());
        QueueCommand consume = awaitConsume(queue);
        io.vertx.proton.ProtonReceiver receiver = link.awaitOpen();
        client.run(receiver::close);
        owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.CHANNEL_CLOSED);

        owner.write(deliver(consume, 11, false));

        QueueCommand settle = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.SETTLE);
        assertThat(settle.has(QueueCommand.REQUEUE)).isTrue();
        assertThat(settle.offsets()).containsExactly(11L);
    }

    private QueueCommand awaitConsume(String queue) throws Exception {
        QueueCommand consume = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.CONSUME);
        owner.write(AmqpDelivery.reply(consume.channel(), consume.requestId(), AmqpDelivery.Counts.NONE,
                AmqpDelivery.Reply.OK));
        return consume;
    }

    private static AmqpDelivery deliver(QueueCommand consume, long offset, boolean redelivered) {
        BasicProperties properties = BasicProperties.EMPTY.withContentType("text/plain")
                .withDeliveryMode(BasicProperties.PERSISTENT).withHeaders(Map.of("region", LongString.of("eu")));
        AmqpMessage message = new AmqpMessage("amq.direct", "rk", BasicPropertiesCodec.encode(properties),
                Payload.wrap(body(offset)));
        ChannelRef channel = consume.channel();
        return AmqpDelivery.deliver(channel, consume.consumerTag(),
                new AmqpDelivery.QueuePosition(consume.queue(), offset, redelivered, 0), message);
    }

    private static byte[] body(long offset) {
        return ("message " + offset).getBytes(StandardCharsets.UTF_8);
    }

    private static Message richMessage() {
        Message message = textMessage("hello");
        message.setMessageId("m-1");
        message.setCorrelationId("c-1");
        message.setContentType("text/plain");
        message.setReplyTo("/queues/replies");
        message.setDurable(true);
        message.setPriority((short) 5);
        message.setTtl(60_000);
        message.setApplicationProperties(new ApplicationProperties(Map.of("region", "eu", "count", 3)));
        return message;
    }

    private static void assertRichProperties(BasicProperties properties) {
        assertThat(properties.messageId()).isEqualTo("m-1");
        assertThat(properties.correlationId()).isEqualTo("c-1");
        assertThat(properties.contentType()).isEqualTo("text/plain");
        assertThat(properties.replyTo()).isEqualTo("/queues/replies");
        assertThat(properties.deliveryMode()).isEqualTo(BasicProperties.PERSISTENT);
        assertThat(properties.priority()).isEqualTo(5);
        assertThat(properties.expiration()).isEqualTo("60000");
        assertThat(properties.headers()).containsEntry("region", LongString.of("eu")).containsEntry("count", 3);
    }

    private static Message textMessage(String text) {
        Message message = Proton.message();
        message.setBody(new Data(new Binary(text.getBytes(StandardCharsets.UTF_8))));
        return message;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
