package io.tsunagu.routing.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.routing.config.RoutingOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Keeps an in-memory copy of a compacted stream: reads the whole stream from its beginning at every start, then
 * each change as it arrives, and hands every record to a {@link RecordHandler}. {@link #caughtUp()} completes once
 * the copy holds every record that was in the stream when the reader started; {@link #reached(Map)} tells when it
 * passed later end offsets. The session table and the retained store are both fed this way.
 *
 * <p>Why a plain {@link KafkaConsumer} on a dedicated thread rather than a SmallRye channel: the replay needs
 * exactly what a channel consumer is built to hide. Every routing replica must read every partition (a consumer
 * group would split them between replicas), start from the beginning on every start, never commit an offset, and
 * know when its position reached given end offsets. Here that is {@code assign} of all partitions,
 * {@code seekToBeginning}, {@code endOffsets} and {@code position}, with no group at all. The poll loop blocks, so
 * it owns a thread instead of borrowing an event loop; that thread is also the copy's single writer.
 *
 * <p>Meters: {@code tsunagu.routing.<name>.events}, tagged with the handler's outcome or {@code undecodable}.
 *
 * <p>Threading: {@link #start()} and {@link #stop()} from the lifecycle events; the loop on its own thread; the
 * state accessors from any thread.
 */
public final class CompactedStreamReader implements FollowedStream {

    private static final Logger LOG = Logger.getLogger(CompactedStreamReader.class);
    /** Numbers the readers of this process, so that their Kafka client ids differ. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String UNDECODABLE = "undecodable";

    private final Spec spec;
    private final Map<String, Object> kafkaConfig;
    private final RoutingOptions.CompactedStream options;
    private final MeterRegistry registry;
    /** The events counter per outcome tag; reader thread only. */
    private final Map<String, Counter> outcomes = new HashMap<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Queue<PositionWaiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Map<TopicPartition, Long> positions = Map.of();
    private Thread thread;

    /**
     * What a reader reads and where the records go.
     *
     * @param stream the compacted stream (Kafka topic)
     * @param name a short name for the thread, the Kafka client id and the meters ({@code session}, {@code retained})
     * @param handler what each record is applied to
     */
    public record Spec(String stream, String name, RecordHandler handler) {

        public Spec {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(handler, "handler");
        }
    }

    /**
     * A reader of {@code spec.stream()} into {@code spec.handler()}.
     *
     * @param kafkaConfig the Kafka client settings ({@code kafka.*} with the prefix removed)
     */
    public CompactedStreamReader(Spec spec, Map<String, Object> kafkaConfig, RoutingOptions.CompactedStream options,
            MeterRegistry registry) {
        this.spec = spec;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.options = options;
        this.registry = registry;
        outcomes.put(UNDECODABLE, counter(UNDECODABLE));
    }

    /** Starts reading on the reader's own thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("tsunagu-" + spec.name() + "-reader").daemon().start(this::run);
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

    @Override
    public CompletionStage<Void> caughtUp() {
        return caughtUp.minimalCompletionStage();
    }

    @Override
    public boolean isCaughtUp() {
        return caughtUp.isDone();
    }

    @Override
    public CompletionStage<Void> reached(Map<TopicPartition, Long> ends) {
        if (covers(positions, ends)) {
            return CompletableFuture.completedStage(null);
        }
        PositionWaiter waiter = new PositionWaiter(Map.copyOf(ends), new CompletableFuture<>());
        waiters.add(waiter);
        releaseWaiters();
        return waiter.done().minimalCompletionStage();
    }

    @Override
    public Set<TopicPartition> partitions() {
        return positions.keySet();
    }

    @Override
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
            LOG.infof("Reading %s from the beginning up to end offsets %s", spec.stream(), endOffsets);
            follow(kafka, endOffsets);
        } catch (WakeupException e) {
            LOG.debugf("Reader of %s woken up to stop", spec.stream());
        } catch (RuntimeException e) {
            failure = e;
            LOG.errorf(e, "Reader of %s failed; its in-memory copy no longer follows the stream", spec.stream());
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> endOffsets) {
        positions = positionsOf(kafka);
        while (running) {
            if (!caughtUp.isDone() && covers(positions, endOffsets)) {
                LOG.infof("Caught up with %s: %s", spec.stream(), spec.handler().describe());
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
                List<TopicPartition> partitions = kafka.partitionsFor(spec.stream()).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                if (!partitions.isEmpty()) {
                    return partitions;
                }
                LOG.warnf("Stream %s does not exist yet; retrying in %s", spec.stream(), options.retryBackoff());
            } catch (TimeoutException e) {
                LOG.warnf("Kafka did not answer for the partitions of %s (%s); retrying in %s", spec.stream(),
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

    private void handle(ConsumerRecord<String, byte[]> record) {
        String outcome;
        try {
            outcome = spec.handler().apply(record.key(), record.value());
        } catch (CodecException e) {
            outcome = UNDECODABLE;
            LOG.warnf("Skipping undecodable record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
        outcomes.computeIfAbsent(outcome, this::counter).increment();
    }

    private Counter counter(String outcome) {
        return registry.counter("tsunagu.routing." + spec.name() + ".events", "outcome", outcome);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        // No group: every replica reads every partition, and nothing is ever committed.
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxPollRecords());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG,
                "tsunagu-routing-" + spec.name() + "-reader-" + INSTANCES.incrementAndGet());
        return config;
    }
}
