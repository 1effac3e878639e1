package io.tsunagu.e2e;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many topics each publishing once a second at QoS 0: {@code clients} MQTT connections (alternately to node A
 * and B, 127.0.0.1 only) with {@code topicsPerClient} topics each, {@code <prefix>/d<client>/s<topic>}. A scheduler
 * publishes a tenth of every client's topics each 100 ms, so the load is spread over the second. Bounded: a client
 * with too many publishes not yet written out skips its turn (counted), so a slow platform slows nothing here but
 * the counts.
 */
final class LoadPublisher implements AutoCloseable {

    private static final int SLICES_PER_SECOND = 10;
    private static final long SLICE_MILLIS = 1000 / SLICES_PER_SECOND;
    private static final int MAX_IN_FLIGHT_PER_CLIENT = 2000;

    private final String prefix;
    private final int topicsPerClient;
    private final List<Mqtt5AsyncClient> clients = new ArrayList<>();
    private final List<AtomicInteger> inFlight = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dashboard-load-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private long tick;

    private LoadPublisher(String prefix, int topicsPerClient) {
        this.prefix = prefix;
        this.topicsPerClient = topicsPerClient;
    }

    /** Connects {@code clients} clients, alternately to node A and node B. */
    static LoadPublisher connect(Platform platform, String prefix, int clients, int topicsPerClient) throws Exception {
        LoadPublisher publisher = new LoadPublisher(prefix, topicsPerClient);
        for (int i = 0; i < clients; i++) {
            Platform.IngestNode node = i % 2 == 0 ? platform.nodeA() : platform.nodeB();
            Mqtt5AsyncClient client = MqttClient.builder()
                    .useMqttVersion5()
                    .identifier("load-" + prefix.replace('/', '-') + "-" + i)
                    .serverHost("127.0.0.1")
                    .serverPort(node.mqttPort())
                    .buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
            publisher.clients.add(client);
            publisher.inFlight.add(new AtomicInteger());
        }
        return publisher;
    }

    /** The topic of {@code client}'s topic number {@code index}. */
    String topic(int client, int index) {
        return String.format(Locale.ROOT, "%s/d%02d/s%03d", prefix, client, index);
    }

    int topicCount() {
        return clients.size() * topicsPerClient;
    }

    /** Starts publishing every topic once a second until {@link #stop()}. */
    void start() {
        scheduler.scheduleAtFixedRate(this::publishSlice, 0, SLICE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops publishing; what was handed to the clients is still written out. */
    void stop() throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Messages the clients have written out. */
    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    /** Messages not published because their client was too far behind. */
    long skipped() {
        return skipped.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        Mqtt.disconnect(clients.toArray(Mqtt5AsyncClient[]::new));
    }

    private void publishSlice() {
        int slice = (int) (tick % SLICES_PER_SECOND);
        long second = tick / SLICES_PER_SECOND;
        tick++;
        for (int client = 0; client < clients.size(); client++) {
            for (int index = slice; index < topicsPerClient; index += SLICES_PER_SECOND) {
                publish(client, index, second);
            }
        }
    }

    private void publish(int client, int index, long second) {
        AtomicInteger window = inFlight.get(client);
        if (window.get() >= MAX_IN_FLIGHT_PER_CLIENT) {
            skipped.incrementAndGet();
            return;
        }
        window.incrementAndGet();
        // a number that changes every second, so the page's values visibly move
        byte[] payload = Long.toString(second * 10 + index % 10).getBytes(StandardCharsets.UTF_8);
        clients.get(client).publishWith()
                .topic(topic(client, index))
                .qos(MqttQos.AT_MOST_ONCE)
                .payload(payload)
                .send()
                .whenComplete((result, failure) -> {
                    window.decrementAndGet();
                    (failure == null ? sent : failed).incrementAndGet();
                });
    }
}
