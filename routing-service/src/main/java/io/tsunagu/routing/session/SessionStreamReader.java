package io.tsunagu.routing.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.config.RoutingOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Feeds the {@link SessionTable} from the session stream: the whole compacted stream from its beginning at every
 * start, then each change as it arrives. {@link #caughtUp()} completes once the table holds every record that was
 * in the stream when the reader started; routing waits for it, because routing with a partial table would drop
 * deliveries to subscribers not read yet.
 *
 * <p>Why a plain {@link KafkaConsumer} on a dedicated thread rather than a SmallRye channel: the replay needs
 * exactly what a channel consumer is built to hide. Every routing replica must read every partition (a consumer
 * group would split them between replicas), start from the beginning on every start, never commit an offset, and
 * know when its position reached the end offsets that existed at start. Here that is {@code assign} of all
 * partitions, {@code seekToBeginning}, {@code endOffsets} and {@code position}, with no group at all. The poll loop
 * blocks, so it owns a thread instead of borrowing an event loop; that thread is also the table's single writer.
 *
 * <p>Threading: {@link #start()} and {@link #stop()} from the lifecycle events; the loop on its own thread; the
 * state accessors from any thread.
 */
@Singleton
public class SessionStreamReader {

    private static final Logger LOG = Logger.getLogger(SessionStreamReader.class);
    /** Numbers the readers of this process, so that their Kafka client ids differ. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final SessionTable table;
    private final Map<String, Object> kafkaConfig;
    private final RoutingOptions.SessionStream options;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Map<ApplyOutcome, Counter> applied = new EnumMap<>(ApplyOutcome.class);
    private final Counter undecodable;
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Map<TopicPartition, Long> positions = Map.of();
    private final Queue<PositionWaiter> waiters = new ConcurrentLinkedQueue<>();
    private Thread thread;

    /**
     * A reader of the session stream into {@code table}.
     *
     * @param kafkaConfig the Kafka client settings ({@code kafka.*} with the prefix removed)
     */
    @Inject
    public SessionStreamReader(SessionTable table, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            RoutingOptions options, MeterRegistry registry) {
        this.table = table;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.options = options.sessionStream();
        for (ApplyOutcome outcome : ApplyOutcome.values()) {
            applied.put(outcome, registry.counter("tsunagu.routing.session.events", "outcome", outcome.tag()));
        }
        undecodable = registry.counter("tsunagu.routing.session.events", "outcome", "undecodable");
        Gauge.builder("tsunagu.routing.sessions", table, SessionTable::sessionCount)
                .description("Connected clients in the session table").register(registry);
        Gauge.builder("tsunagu.routing.subscriptions", table, SessionTable::subscriptionCount)
                .description("Routed subscriptions in the session table").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts reading on the reader's own thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("tsunagu-session-reader").daemon().start(this::run);
    }

    /** Stops reading and waits (bounded) for the thread to end. */
    public synchronized void stop() {
        running = false;
        stopping.countDown();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(options.shutdownTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Completes once the table holds every record the stream had when the reader started; never fails. */
    public CompletionStage<Void> caughtUp() {
        return caughtUp.minimalCompletionStage();
    }

    /** Whether the table caught up with the stream as it was at start. */
    public boolean isCaughtUp() {
        return caughtUp.isDone();
    }

    /**
     * Completes once the table has applied every session record below {@code ends} (partition to offset), that is
     * once the reader's position in each of those partitions reached its end offset. Never fails; it stays pending
     * while the reader is down, which liveness reports.
     */
    public CompletionStage<Void> reached(Map<TopicPartition, Long> ends) {
        if (covers(positions, ends)) {
            return CompletableFuture.completedStage(null);
        }
        PositionWaiter waiter = new PositionWaiter(Map.copyOf(ends), new CompletableFuture<>());
        waiters.add(waiter);
        releaseWaiters();
        return waiter.done().minimalCompletionStage();
    }

    /** The session stream's partitions the reader follows (all of them), empty before it found them. */
    public Set<TopicPartition> partitions() {
        return positions.keySet();
    }

    /** Why the reader stopped on its own, if it did: the table no longer follows the stream. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            if (!running) {
                return;
            }
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = kafka.endOffsets(partitions);
            LOG.infof("Reading session stream %s from the beginning up to end offsets %s", Streams.SESSION,
                    endOffsets);
            follow(kafka, endOffsets);
        } catch (WakeupException e) {
            LOG.debug("Session stream reader woken up to stop");
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("Session stream reader failed; the session table no longer follows the stream", e);
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> endOffsets) {
        positions = positionsOf(kafka);
        while (running) {
            if (!caughtUp.isDone() && reached(kafka, endOffsets)) {
                LOG.infof("Session table caught up: %d sessions, %d subscriptions", table.sessionCount(),
                        table.subscriptionCount());
                caughtUp.complete(null);
            }
            for (ConsumerRecord<String, byte[]> record : kafka.poll(options.pollTimeout())) {
                handle(record);
            }
            positions = positionsOf(kafka);
            releaseWaiters();
        }
    }

    private static Map<TopicPartition, Long> positionsOf(KafkaConsumer<String, byte[]> kafka) {
        Map<TopicPartition, Long> current = new HashMap<>();
        for (TopicPartition partition : kafka.assignment()) {
            current.put(partition, kafka.position(partition));
        }
        return current;
    }

    private void releaseWaiters() {
        Map<TopicPartition, Long> current = positions;
        waiters.removeIf(waiter -> covers(current, waiter.ends()) && waiter.done().complete(null));
    }

    private static boolean covers(Map<TopicPartition, Long> current, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (end.getValue() > 0 && current.getOrDefault(end.getKey(), 0L) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A caller of {@link #reached(Map)} waiting for the reader to pass {@code ends}. */
    private record PositionWaiter(Map<TopicPartition, Long> ends, CompletableFuture<Void> done) {
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        while (running) {
            try {
                List<TopicPartition> partitions = kafka.partitionsFor(Streams.SESSION).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                if (!partitions.isEmpty()) {
                    return partitions;
                }
                LOG.warnf("Session stream %s does not exist yet; retrying in %s", Streams.SESSION,
                        options.retryBackoff());
            } catch (TimeoutException e) {
                LOG.warnf("Kafka did not answer for the partitions of %s (%s); retrying in %s", Streams.SESSION,
                        e.getMessage(), options.retryBackoff());
            }
            awaitBackoff();
        }
        return List.of();
    }

    private void awaitBackoff() {
        try {
            stopping.await(options.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> endOffsets) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            applied.get(apply(record)).increment();
        } catch (CodecException e) {
            undecodable.increment();
            LOG.warnf("Skipping undecodable session record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private ApplyOutcome apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() != null) {
            return table.apply(SessionCodec.decode(record.value()));
        }
        ClientKey client = ClientKey.fromSessionKey(record.key())
                .orElseThrow(() -> new CodecException("tombstone without a session key: " + record.key()));
        return table.remove(client);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        // No group: every replica reads every partition, and nothing is ever committed.
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxPollRecords());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tsunagu-routing-sessions-" + INSTANCES.incrementAndGet());
        return config;
    }
}
