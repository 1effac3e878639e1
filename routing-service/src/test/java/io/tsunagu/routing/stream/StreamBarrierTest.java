package io.tsunagu.routing.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tsunagu.infra.LocalInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The barrier's snapshots against the real local Kafka, with an in-memory followed copy whose progress the test
 * controls: a trigger record waits for the copy to pass every followed record written before it, and one look-up
 * serves every trigger record it covers: the record it was made for, those polled before it and those below a trigger
 * end read before it.
 */
class StreamBarrierTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String trigger = "barrier-trigger-" + run;
    private final String followedStream = "barrier-followed-" + run;
    private final TopicPartition followed0 = new TopicPartition(followedStream, 0);
    private final TopicPartition followed1 = new TopicPartition(followedStream, 1);
    private final ControlledCopy copy = new ControlledCopy(Set.of(followed0, followed1));
    private final Map<Integer, Long> polled = new ConcurrentHashMap<>();
    private Map<String, Object> kafkaConfig;
    private KafkaProducer<String, String> producer;
    private EndOffsets endOffsets;
    private StreamBarrier barrier;

    /** A followed copy that reaches the requested offsets only when the test says so. */
    private static final class ControlledCopy implements FollowedStream {
        private final Set<TopicPartition> partitions;
        private final List<Map<TopicPartition, Long>> requests = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> progress = new CompletableFuture<>();

        ControlledCopy(Set<TopicPartition> partitions) {
            this.partitions = partitions;
        }

        @Override
        public CompletionStage<Void> caughtUp() {
            return CompletableFuture.completedStage(null);
        }

        @Override
        public boolean isCaughtUp() {
            return true;
        }

        @Override
        public CompletionStage<Void> reached(Map<TopicPartition, Long> ends) {
            requests.add(ends);
            return progress;
        }

        @Override
        public Set<TopicPartition> partitions() {
            return partitions;
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.empty();
        }
    }

    @BeforeEach
    void createStreams() throws Exception {
        kafkaConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafkaBootstrapServers());
        try (Admin admin = Admin.create(kafkaConfig)) {
            admin.createTopics(List.of(new NewTopic(trigger, 1, (short) 1), new NewTopic(followedStream, 2, (short) 1)))
                    .all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalInfra.get().kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
        endOffsets = new EndOffsets(kafkaConfig);
        barrier = new StreamBarrier(trigger, copy, endOffsets, () -> polled);
    }

    @AfterEach
    void close() {
        producer.close();
        endOffsets.close();
    }

    private long send(String topic, int partition) throws Exception {
        return producer.send(new ProducerRecord<>(topic, partition, "k", "v")).get(WAIT.toSeconds(), TimeUnit.SECONDS)
                .offset();
    }

    @Test
    void triggerRecordWaitsUntilTheCopyPassedEveryFollowedRecordWrittenBeforeIt() throws Exception {
        send(followedStream, 0);
        send(followedStream, 0);
        send(followedStream, 1);
        long offset = send(trigger, 0);

        CompletableFuture<Void> passed = barrier.await(0, offset).toCompletableFuture();

        await().atMost(WAIT).until(() -> !copy.requests.isEmpty());
        assertThat(copy.requests).containsExactly(Map.of(followed0, 2L, followed1, 1L));
        assertThat(passed).isNotDone();

        copy.progress.complete(null);

        assertThat(passed).succeedsWithin(WAIT);
    }

    @Test
    void oneSnapshotServesEveryTriggerRecordBelowItsEndOffset() throws Exception {
        send(followedStream, 0);
        long first = send(trigger, 0);
        long second = send(trigger, 0);
        barrier.await(0, second).toCompletableFuture();
        await().atMost(WAIT).until(() -> copy.requests.size() == 1);

        send(followedStream, 1);
        barrier.await(0, first);
        long third = send(trigger, 0);
        barrier.await(0, third);

        await().atMost(WAIT).until(() -> copy.requests.size() == 3);
        // The first record was below the snapshot taken for the second: no new look-up, the same ends. The third was
        // written later, so its snapshot includes the followed record written before it.
        assertThat(copy.requests).containsExactly(Map.of(followed0, 1L, followed1, 0L),
                Map.of(followed0, 1L, followed1, 0L), Map.of(followed0, 1L, followed1, 1L));
    }

    @Test
    void aLookUpAlsoCoversTheTriggerRecordsBelowTheEndAnEarlierLookUpRead() throws Exception {
        long first = send(trigger, 0);
        long second = send(trigger, 0);
        long third = send(trigger, 0);
        barrier.await(0, first);
        await().atMost(WAIT).until(() -> copy.requests.size() == 1);
        barrier.await(0, second);
        await().atMost(WAIT).until(() -> copy.requests.size() == 2);

        send(followedStream, 0);
        barrier.await(0, third);

        await().atMost(WAIT).until(() -> copy.requests.size() == 3);
        // The first look-up read the trigger end past the third record; the second look-up's followed ends were read
        // after that, so they serve the third record without a look-up that would include the later followed record.
        assertThat(copy.requests).containsOnly(Map.of(followed0, 0L, followed1, 0L));
    }

    @Test
    void aLookUpAlsoCoversTheTriggerRecordsPolledBeforeItStarted() throws Exception {
        long first = send(trigger, 0);
        long second = send(trigger, 0);
        polled.put(0, second + 1);
        barrier.await(0, first);
        await().atMost(WAIT).until(() -> copy.requests.size() == 1);

        send(followedStream, 1);
        barrier.await(0, second);

        await().atMost(WAIT).until(() -> copy.requests.size() == 2);
        // The second record was polled before the look-up for the first started: no look-up of its own, which would
        // have included the later followed record.
        assertThat(copy.requests).containsOnly(Map.of(followed0, 0L, followed1, 0L));
    }
}
