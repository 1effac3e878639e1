package io.tsunagu.ingest.transport.amqp10;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/**
 * A real AMQP 1.0 client (vertx-proton's ProtonClient) for the tests, driven from the test thread: every call runs
 * on the client's own Vert.x context and the test waits for its result.
 */
final class Amqp10TestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final Context context;
    private final ProtonConnection connection;

    private Amqp10TestClient(Context context, ProtonConnection connection) {
        this.context = context;
        this.connection = connection;
    }

    /**
     * A SASL login: mechanism, user and password (nulls for ANONYMOUS).
     *
     * @param mechanism the only mechanism the client may choose
     * @param user the user name, or null
     * @param password the password, or null
     */
    record Login(String mechanism, String user, String password) {
        static final Login PLAIN = new Login("PLAIN", "guest", "guest");
        static final Login ANONYMOUS = new Login("ANONYMOUS", null, null);
    }

    /** Connects with {@code login} and opens the connection. */
    static Amqp10TestClient connect(Vertx vertx, int port, Login login) throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<ProtonConnection> opened = new CompletableFuture<>();
        ProtonClientOptions options = new ProtonClientOptions().addEnabledSaslMechanism(login.mechanism());
        context.runOnContext(v -> ProtonClient.create(vertx).connect(options, "localhost", port, login.user(),
                login.password(),
                connected -> {
                    if (connected.failed()) {
                        opened.completeExceptionally(connected.cause());
                        return;
                    }
                    ProtonConnection connection = connected.result();
                    connection.openHandler(open -> {
                        if (open.succeeded()) {
                            opened.complete(connection);
                        } else {
                            opened.completeExceptionally(open.cause());
                        }
                    }).open();
                }));
        return new Amqp10TestClient(context, opened.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    /** A sender link to {@code address} (at least once: its transfers are unsettled). */
    Link<ProtonSender> sender(String address) {
        return sender(address, ProtonQoS.AT_LEAST_ONCE);
    }

    /** A sender link to {@code address} with {@code qos} (at most once: its transfers are presettled). */
    Link<ProtonSender> sender(String address, ProtonQoS qos) {
        CompletableFuture<ProtonSender> opened = new CompletableFuture<>();
        CompletableFuture<ErrorCondition> closed = new CompletableFuture<>();
        run(() -> {
            ProtonSender sender = connection.createSender(address);
            sender.setQoS(qos).openHandler(open -> opened.complete(sender))
                    .closeHandler(close -> closed.complete(sender.getRemoteCondition()))
                    .open();
        });
        return new Link<>(opened, closed);
    }

    /** A receiver link from {@code address} with {@code credit} and {@code qos}, messages not auto-accepted. */
    Link<ProtonReceiver> receiver(String address, int credit, ProtonQoS qos, List<Received> into) {
        CompletableFuture<ProtonReceiver> opened = new CompletableFuture<>();
        CompletableFuture<ErrorCondition> closed = new CompletableFuture<>();
        run(() -> {
            ProtonReceiver receiver = connection.createReceiver(address);
            receiver.setQoS(qos).setAutoAccept(false).setPrefetch(credit)
                    .handler((delivery, message) -> into.add(new Received(delivery, message)))
                    .openHandler(open -> opened.complete(receiver))
                    .closeHandler(close -> closed.complete(receiver.getRemoteCondition()))
                    .open();
        });
        return new Link<>(opened, closed);
    }

    /** Sends {@code message}; the remote states it gets (settled or not) are added to {@code states}. */
    void send(ProtonSender sender, Message message, List<DeliveryState> states) {
        run(() -> sender.send(message, delivery -> states.add(delivery.getRemoteState())));
    }

    /** Sends {@code message} without waiting for its outcome (presettled on an at-most-once sender). */
    void sendPresettled(ProtonSender sender, Message message) {
        run(() -> sender.send(message));
    }

    /** Runs {@code step} on the client's context. */
    void run(Runnable step) {
        context.runOnContext(v -> step.run());
    }

    /** Runs {@code step} on the client's context and returns its result. */
    <T> T call(Supplier<T> step) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(() -> result.complete(step.get()));
        return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Settles {@code delivery} with {@code state}. */
    void settle(ProtonDelivery delivery, DeliveryState state) {
        run(() -> delivery.disposition(state, true));
    }

    boolean isDisconnected() throws Exception {
        return call(connection::isDisconnected);
    }

    @Override
    public void close() {
        run(() -> {
            connection.close();
            connection.disconnect();
        });
    }

    /** A message as received, with its delivery. */
    record Received(ProtonDelivery delivery, Message message) {
    }

    /** A link: its open, and the condition the peer closed it with. */
    record Link<T>(CompletableFuture<T> opened, CompletableFuture<ErrorCondition> closed) {

        T awaitOpen() throws Exception {
            return opened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        ErrorCondition awaitClosed() throws Exception {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
