package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tsunagu.infra.LocalInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where the session-action group starts, against the real local Kafka with a plain consumer in a group of its own:
 * a new group skips records from before this process started and pins its start by a commit, and a group with a
 * committed offset resumes from it.
 */
class SessionActionsStartTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "session-actions-start-" + run;
    private final TopicPartition partition = new TopicPartition(topic, 0);
    private final String bootstrapServers = LocalInfra.get().kafkaBootstrapServers();
    private final SessionActionsStart start = new SessionActionsStart();
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void createStream() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    private long send(Instant timestamp, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, 0, timestamp.toEpochMilli(), "k", value))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS).offset();
    }

    /** Joins {@code group} with the listener, and returns the values of the records the first non-empty poll gets. */
    private List<String> firstValues(String group) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // "none": the consumer fails unless the listener or a commit gives every partition its position.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    start.onPartitionsRevoked(consumer, partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    start.onPartitionsAssigned(consumer, partitions);
                }
            });
            List<String> values = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return !values.isEmpty();
            });
            return values;
        }
    }

    private OffsetAndMetadata committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS).get(partition);
        }
    }

    @Test
    void newGroupSkipsRecordsFromBeforeTheProcessStartedAndCommitsItsStart() throws Exception {
        Instant processStart = ProcessHandle.current().info().startInstant().orElseThrow();
        send(processStart.minusSeconds(3600), "history");
        long firstNew = send(Instant.now(), "new");
        send(Instant.now(), "newer");
        String group = "start-" + run;

        assertThat(firstValues(group)).startsWith("new");
        assertThat(committed(group).offset()).isEqualTo(firstNew);
    }

    @Test
    void groupWithACommittedOffsetResumesFromIt() throws Exception {
        String group = "resume-" + run;
        send(Instant.now(), "seen before the restart");
        assertThat(firstValues(group)).startsWith("seen before the restart");

        // The group stopped without processing anything, and events were written while it was down.
        send(Instant.now(), "written while down");

        assertThat(firstValues(group)).startsWith("seen before the restart", "written while down");
    }
}
