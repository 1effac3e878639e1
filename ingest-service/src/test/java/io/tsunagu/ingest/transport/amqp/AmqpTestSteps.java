package io.tsunagu.ingest.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Consumer;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.ingest.support.QueueOwnerStandIn;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Steps the AMQP channel tests share: a client factory, consuming with the owner's reply, messages, names. */
final class AmqpTestSteps {

    /** Threads of their own: a blocked client call must not wait for a slot in the (small) common pool. */
    private static final ExecutorService CLIENT_CALLS = Executors.newCachedThreadPool();

    private final QueueOwnerStandIn owner;

    /** Steps that talk to {@code owner}, the stand-in for queue owners and the router. */
    AmqpTestSteps(QueueOwnerStandIn owner) {
        this.owner = owner;
    }

    /** A RabbitMQ Java client factory for the listener on {@code port}, without automatic recovery. */
    static ConnectionFactory factory(int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    /** basic.consume of {@code queue} as {@code tag}, answered by {@code owner} with 200; returns the channel's ref. */
    ChannelRef consume(Channel channel, String queue, boolean autoAck, Consumer consumer) throws Exception {
        CompletableFuture<String> consumeOk = async(() -> channel.basicConsume(queue, autoAck, "c1", consumer));
        QueueCommand consume = owner.awaitCommand(command -> command.queue().equals(queue)
                && command.kind() == QueueCommandKind.CONSUME);
        owner.write(AmqpDelivery.reply(consume.channel(), consume.requestId(), AmqpDelivery.Counts.NONE,
                AmqpDelivery.Reply.OK));
        consumeOk.get(20, TimeUnit.SECONDS);
        return consume.channel();
    }

    /** Writes a DELIVER of {@code body} from {@code queue} at {@code offset} to consumer c1 of {@code ref}. */
    void deliver(ChannelRef ref, String queue, long offset, String body) throws Exception {
        owner.write(AmqpDelivery.deliver(ref, "c1", new AmqpDelivery.QueuePosition(queue, offset, false, 0),
                message(queue, body)));
    }

    /** The AMQP publish event with {@code routingKey} on the publish stream. */
    AmqpPublishEvent published(String routingKey) {
        return AmqpPublishCodec.decode(owner.awaitPublish(event -> event.message().routingKey().equals(routingKey))
                .value());
    }

    /** A blocking client call run on another thread (the client blocks until the server answers). */
    static <T> CompletableFuture<T> async(Callable<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, CLIENT_CALLS);
    }

    static AmqpMessage message(String routingKey, String body) {
        return new AmqpMessage("", routingKey, AmqpMessage.NO_PROPERTIES, Payload.wrap(bytes(body)));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
