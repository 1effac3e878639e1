package io.tsunagu.bench;

import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Many asynchronous MQTT 3.1.1 clients in this one process (Vert.x MQTT client; 3.1.1 because RabbitMQ's plugin speaks
 * nothing newer). Connections are opened a bounded number at a time. Past {@value #PER_SOURCE_ADDRESS} connections
 * they come from several 127.0.0.x source addresses: one address has only ~28,000 ephemeral ports.
 */
final class MqttFleet implements AutoCloseable {

    static final int PER_SOURCE_ADDRESS = 20_000;
    private static final int CONNECTING_AT_ONCE = 200;
    /** Longer than a client's connect timeout: every attempt has its outcome by then. */
    private static final Duration SETTLE = Duration.ofSeconds(35);

    private final Vertx vertx;
    private final List<MqttClient> clients = new ArrayList<>();

    MqttFleet(Vertx vertx) {
        this.vertx = vertx;
    }

    /** {@code count} clients with ids {@code prefix-0..}, to be connected within {@code within}. */
    record Batch(String prefix, int count, Duration within) {
    }

    /**
     * Connects a batch of clients; {@code prepare} sets their handlers before they connect. Returns the connected ones
     * (all of them, or fewer when the batch's time ran out).
     */
    List<MqttClient> connect(Target target, Batch batch, Consumer<MqttClient> prepare) throws InterruptedException {
        String prefix = batch.prefix();
        int count = batch.count();
        Duration within = batch.within();
        Queue<MqttClient> connected = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        long deadline = System.nanoTime() + within.toNanos();
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            if (!connecting.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            MqttClient client = MqttClient.create(vertx, options(prefix + "-" + i, i, count));
            prepare.accept(client);
            client.connect(target.mqttPort(), Target.HOST).onComplete(result -> {
                if (result.succeeded()) {
                    connected.add(client);
                } else {
                    failed.incrementAndGet();
                }
                connecting.release();
            });
        }
        // Wait for the attempts still open, so that none connects after this returns and escapes close().
        connecting.tryAcquire(CONNECTING_AT_ONCE, SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        if (failed.get() > 0) {
            Log.warn("%d of %d connections to %s failed", failed.get(), count, target.name());
        }
        List<MqttClient> result = new ArrayList<>(connected);
        clients.addAll(result);
        return result;
    }

    private static MqttClientOptions options(String clientId, int index, int count) {
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(clientId)
                .setCleanSession(true)
                .setKeepAliveInterval(600)
                .setMaxInflightQueue(65_535)
                .setMaxMessageSize(1 << 20);
        options.setConnectTimeout(30_000);
        if (count > PER_SOURCE_ADDRESS) {
            options.setLocalAddress("127.0.0." + (2 + index / PER_SOURCE_ADDRESS));
        }
        return options;
    }

    int size() {
        return clients.size();
    }

    /** Disconnects every client (DISCONNECT, then close) and waits up to {@code within} for it. */
    void disconnectAll(Duration within) throws InterruptedException {
        Semaphore done = new Semaphore(0);
        int open = 0;
        for (MqttClient client : clients) {
            if (client.isConnected()) {
                open++;
                client.disconnect().onComplete(ignored -> done.release());
            }
        }
        done.tryAcquire(open, within.toMillis(), TimeUnit.MILLISECONDS);
        clients.clear();
    }

    @Override
    public void close() throws InterruptedException {
        disconnectAll(Duration.ofSeconds(30));
    }
}
