package io.tsunagu.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Publishers and wildcard subscribers of one run: publisher {@code p} publishes to {@code bench/<run>/<p>/data}, every
 * subscriber holds {@code bench/<run>/+/data} at the run's QoS. Each payload starts with the time it was due to be
 * sent ({@link System#nanoTime()}, this process), so a subscriber knows each message's end-to-end latency.
 */
final class Traffic implements AutoCloseable {

    /** How many publishers and subscribers, at which QoS, with how large payloads. */
    record Shape(int publishers, int subscribers, MqttQoS qos, int payloadBytes) {
    }

    /** Counters at one instant. */
    record Counts(long published, long acknowledged, long delivered) {

        Counts minus(Counts earlier) {
            return new Counts(published - earlier.published, acknowledged - earlier.acknowledged,
                    delivered - earlier.delivered);
        }
    }

    private static final Duration CONNECT_WITHIN = Duration.ofSeconds(60);
    private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);

    private final Shape shape;
    private final String runId;
    private final MqttFleet fleet;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLongArray delivered;
    private final Recorder latency = new Recorder(HIGHEST_MICROS, 3);
    private final byte[] filler;
    private List<MqttClient> publishers;
    private volatile IntConsumer onDelivered = subscriber -> { };
    private volatile Runnable onAcknowledged = () -> { };

    private Traffic(Vertx vertx, Shape shape, String runId) {
        this.shape = shape;
        this.runId = runId;
        this.fleet = new MqttFleet(vertx);
        this.delivered = new AtomicLongArray(shape.subscribers());
        this.filler = new byte[Math.max(0, shape.payloadBytes() - Long.BYTES)];
        Arrays.fill(filler, (byte) 'x');
    }

    /** Subscribers first (each with its SUBACK), then the publishers. */
    static Traffic open(Vertx vertx, Target target, Shape shape, String runId) throws Exception {
        Traffic traffic = new Traffic(vertx, shape, runId);
        traffic.connectSubscribers(target);
        traffic.connectPublishers(target);
        return traffic;
    }

    private void connectSubscribers(Target target) throws Exception {
        List<MqttClient> subscribers = fleet.connect(target,
                new MqttFleet.Batch(runId + "-sub", shape.subscribers(), CONNECT_WITHIN), client -> { });
        requireAll(subscribers.size(), shape.subscribers(), target, "subscribers");
        for (int s = 0; s < subscribers.size(); s++) {
            int index = s;
            MqttClient subscriber = subscribers.get(s);
            subscriber.publishHandler(message -> delivered(index, message.payload()));
            subscriber.subscribe(topicFilter(), shape.qos().value()).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private void connectPublishers(Target target) throws InterruptedException {
        publishers = fleet.connect(target,
                new MqttFleet.Batch(runId + "-pub", shape.publishers(), CONNECT_WITHIN),
                client -> client.publishCompletionHandler(packetId -> {
                    acknowledged.incrementAndGet();
                    onAcknowledged.run();
                }));
        requireAll(publishers.size(), shape.publishers(), target, "publishers");
    }

    private static void requireAll(int connected, int wanted, Target target, String what) {
        if (connected < wanted) {
            throw new IllegalStateException(target.name() + " accepted only " + connected + " of " + wanted + " " + what);
        }
    }

    private void delivered(int subscriber, Buffer payload) {
        if (payload.length() >= Long.BYTES) {
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - payload.getLong(0));
            latency.recordValue(Math.min(Math.max(micros, 0), HIGHEST_MICROS));
        }
        delivered.incrementAndGet(subscriber);
        onDelivered.accept(subscriber);
    }

    void onDelivered(IntConsumer listener) {
        onDelivered = listener;
    }

    void onAcknowledged(Runnable listener) {
        onAcknowledged = listener;
    }

    String topicFilter() {
        return "bench/" + runId + "/+/data";
    }

    /** The prefix of every topic of this run, for counting its stored rows. */
    String topicPrefix() {
        return "bench/" + runId + "/";
    }

    Shape shape() {
        return shape;
    }

    /** Publishes one message from publisher {@code p}, stamped with {@code dueNanos}. */
    void publish(int p, long dueNanos) {
        Buffer payload = Buffer.buffer(shape.payloadBytes()).appendLong(dueNanos).appendBytes(filler);
        published.incrementAndGet();
        publishers.get(p).publish(topicPrefix() + p + "/data", payload, shape.qos(), false, false)
                .onFailure(this::publishFailed);
    }

    private void publishFailed(Throwable failure) {
        if (publishFailures.getAndIncrement() == 0) {
            Log.warn("a publish failed (later ones are only counted): %s", failure);
        }
    }

    long publishFailures() {
        return publishFailures.get();
    }

    long deliveredTo(int subscriber) {
        return delivered.get(subscriber);
    }

    Counts counts() {
        long sum = 0;
        for (int s = 0; s < delivered.length(); s++) {
            sum += delivered.get(s);
        }
        return new Counts(published.get(), acknowledged.get(), sum);
    }

    /** The latencies recorded since the last call. */
    Histogram latencySinceLastCall() {
        return latency.getIntervalHistogram();
    }

    /** Waits until every subscriber has every published message, or {@code within} passed. */
    boolean drained(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (counts().delivered() >= published.get() * shape.subscribers()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        fleet.close();
    }
}
