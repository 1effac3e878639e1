package io.tsunagu.e2e;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes numbered messages ("0", "1", ...) at QoS 1 or 2 to one topic from a background thread, keeping at most
 * a window of them unacknowledged, and records which ones the broker acknowledged with success (PUBACK, or PUBREC
 * and PUBCOMP).
 */
final class NumberedPublisher {

    private final Mqtt5AsyncClient client;
    private final String topic;
    private final MqttQos qos;
    private final int windowSize;
    private final Semaphore window;
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<Integer> refused = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private CompletableFuture<Integer> run;

    /** A QoS 1 publisher. */
    NumberedPublisher(Mqtt5AsyncClient client, String topic, int window) {
        this(client, topic, MqttQos.AT_LEAST_ONCE, window);
    }

    NumberedPublisher(Mqtt5AsyncClient client, String topic, MqttQos qos, int window) {
        this.client = client;
        this.topic = topic;
        this.qos = qos;
        this.windowSize = window;
        this.window = new Semaphore(window);
    }

    /** Starts publishing up to {@code count} messages; {@link #stop()} ends the run earlier. */
    NumberedPublisher start(int count) {
        run = CompletableFuture.supplyAsync(() -> publish(count));
        return this;
    }

    /** Asks the run to stop after the message being sent. */
    void stop() {
        stopRequested.set(true);
    }

    /** Waits until every sent message got its PUBACK (or an error) and returns how many were sent. */
    int awaitDone(Duration timeout) throws Exception {
        int sent = run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!window.tryAcquire(windowSize, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("PUBACKs still missing after " + timeout);
        }
        return sent;
    }

    /** The numbers of the messages acknowledged with success. */
    Set<Integer> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** The numbers of the messages the broker answered with an error reason code. */
    Set<Integer> refused() {
        return Set.copyOf(refused);
    }

    /** The first failure or error reason the client reported, for assertion messages. */
    String firstFailure() {
        return String.valueOf(firstFailure.get());
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    private int publish(int count) {
        int sequence = 0;
        for (; sequence < count && !stopRequested.get(); sequence++) {
            window.acquireUninterruptibly();
            int number = sequence;
            client.publishWith()
                    .topic(topic)
                    .qos(qos)
                    .payload(Integer.toString(number).getBytes(StandardCharsets.UTF_8))
                    .send()
                    .whenComplete((result, failure) -> {
                        if (failure == null && result.getError().isEmpty()) {
                            acknowledged.add(number);
                        } else {
                            refused.add(number);
                            firstFailure.compareAndSet(null, failure != null ? failure : result.getError().get());
                        }
                        window.release();
                    });
        }
        return sequence;
    }
}
