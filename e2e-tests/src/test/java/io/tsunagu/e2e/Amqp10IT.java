package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonHelper;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AMQP 1.0 clients (Vert.x Proton) on the AMQP port of the whole platform, meeting AMQP 0-9-1 and MQTT clients in the
 * same queues and exchanges.
 */
class Amqp10IT {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static Platform platform;
    private static Vertx vertx;
    private static Context context;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.shared();
        vertx = Vertx.vertx();
        // One context for every Proton object: they are not thread-safe.
        context = vertx.getOrCreateContext();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void anAmqp10SenderReachesAnAmqp091ConsumerOnTheOtherNode() throws Exception {
        String queue = "e2e.amqp10." + run;
        try (Connection amqp091 = Amqp.connect(platform.nodeB())) {
            Channel channel = amqp091.createChannel();
            channel.queueDeclare(queue, true, false, false, null);
            ProtonConnection connection = connect(platform.nodeA());
            List<DeliveryState> outcomes = new CopyOnWriteArrayList<>();
            onContext(() -> {
                ProtonSender sender = connection.createSender("/queues/" + queue).open();
                Message message = ProtonHelper.message();
                message.setBody(new Data(new Binary("from 1.0".getBytes(StandardCharsets.UTF_8))));
                message.setContentType("text/plain");
                sender.send(message, delivery -> outcomes.add(delivery.getRemoteState()));
            });

            await().atMost(LONG).until(() -> !outcomes.isEmpty());
            assertThat(outcomes.get(0)).isInstanceOf(Accepted.class);
            GetResponse got = channel.basicGet(queue, true);
            assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("from 1.0");
            assertThat(got.getProps().getContentType()).isEqualTo("text/plain");
            onContext(connection::close);
        }
    }

    @Test
    void anAmqp10ReceiverGetsWhatAnAmqp091PublisherSentAndAcceptsIt() throws Exception {
        String queue = "e2e.amqp10.in." + run;
        try (Connection amqp091 = Amqp.connect(platform.nodeA())) {
            Channel channel = amqp091.createChannel();
            channel.queueDeclare(queue, true, false, false, null);
            channel.confirmSelect();
            Amqp.publish(channel, "", queue, "to 1.0");
            channel.waitForConfirmsOrDie(LONG.toMillis());
            ProtonConnection connection = connect(platform.nodeB());
            List<String> bodies = new CopyOnWriteArrayList<>();
            onContext(() -> {
                ProtonReceiver receiver = connection.createReceiver("/queues/" + queue);
                receiver.setAutoAccept(false).handler((delivery, message) -> {
                    Binary body = ((Data) message.getBody()).getValue();
                    bodies.add(new String(body.getArray(), body.getArrayOffset(), body.getLength(),
                            StandardCharsets.UTF_8));
                    delivery.disposition(Accepted.getInstance(), true);
                }).open();
            });

            await().atMost(LONG).until(() -> bodies.contains("to 1.0"));
            await().atMost(LONG).until(() -> channel.queueDeclarePassive(queue).getMessageCount() == 0
                    && channel.basicGet(queue, true) == null);
            onContext(connection::close);
        }
    }

    @Test
    void anAmqp10SenderToAmqTopicReachesMqttSubscribers() throws Exception {
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeA(), "amqp10-sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "e2e-" + run + "/#");
        ProtonConnection connection = connect(platform.nodeB());
        AtomicReference<ProtonSender> sender = new AtomicReference<>();
        onContext(() -> sender.set(connection.createSender("/exchanges/amq.topic/e2e-" + run + ".dev.1").open()));
        try {
            // The first message may be routed before the subscription is: send until one arrives.
            await().atMost(LONG).until(() -> {
                onContext(() -> {
                    Message message = ProtonHelper.message();
                    message.setBody(new Data(new Binary("on".getBytes(StandardCharsets.UTF_8))));
                    sender.get().send(message);
                });
                return received.contains(new Mqtt.Received("e2e-" + run + "/dev/1", "on", false));
            });
        } finally {
            onContext(connection::close);
            Mqtt.disconnect(subscriber);
        }
    }

    private static ProtonConnection connect(Platform.IngestNode node) throws Exception {
        CompletableFuture<ProtonConnection> opened = new CompletableFuture<>();
        onContext(() -> ProtonClient.create(vertx).connect("127.0.0.1", node.ports().amqp(), "guest", "guest",
                connected -> {
                    if (connected.failed()) {
                        opened.completeExceptionally(connected.cause());
                    } else {
                        connected.result().openHandler(open -> opened.complete(open.result())).open();
                    }
                }));
        return opened.get(30, TimeUnit.SECONDS);
    }

    private static void onContext(Runnable step) {
        context.runOnContext(v -> step.run());
    }
}
