package io.tsunagu.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/** Real AMQP 0-9-1 clients (the RabbitMQ Java client) connected to one ingest node. */
final class Amqp {

    private Amqp() {
    }

    /** A connection to {@code node}'s AMQP listener in virtual host {@code vhost}. */
    static Connection connect(Platform.IngestNode node, String vhost) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(node.ports().amqp());
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setRequestedHeartbeat(30);
        return factory.newConnection();
    }

    /** A connection to {@code node} in the default virtual host. */
    static Connection connect(Platform.IngestNode node) throws IOException, TimeoutException {
        return connect(node, "/");
    }

    /** A message as a consumer saw it. */
    record Received(long deliveryTag, String routingKey, String body, boolean redelivered,
            AMQP.BasicProperties properties) {
    }

    /** Publishes a UTF-8 body. */
    static void publish(Channel channel, String exchange, String routingKey, String body) throws IOException {
        channel.basicPublish(exchange, routingKey, null, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A consumer that collects what arrives, in arrival order, and acknowledges each message at once unless
     * {@code manualAcks}.
     */
    static final class Collector extends DefaultConsumer {

        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final boolean manualAcks;

        Collector(Channel channel, boolean manualAcks) {
            super(channel);
            this.manualAcks = manualAcks;
        }

        /** Starts consuming {@code queue} with explicit acks. */
        Collector consume(String queue) throws IOException {
            getChannel().basicConsume(queue, false, this);
            return this;
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                byte[] body) throws IOException {
            received.add(new Received(envelope.getDeliveryTag(), envelope.getRoutingKey(),
                    new String(body, StandardCharsets.UTF_8), envelope.isRedeliver(), properties));
            if (!manualAcks) {
                ack(envelope.getDeliveryTag());
            }
        }

        /** Acknowledges, unless the test is closing the channel meanwhile: then the message stays unacknowledged. */
        private void ack(long deliveryTag) throws IOException {
            try {
                getChannel().basicAck(deliveryTag, false);
            } catch (AlreadyClosedException closing) {
                // The broker gives it back, flagged as redelivered: what the tests expect of an unacked message.
            }
        }

        List<Received> received() {
            return received;
        }

        List<String> bodies() {
            return received.stream().map(Received::body).toList();
        }
    }
}
