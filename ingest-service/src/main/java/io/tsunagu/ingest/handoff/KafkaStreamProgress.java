package io.tsunagu.ingest.handoff;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.tsunagu.ingest.config.NodeIdentity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * {@link StreamProgress} through Kafka's admin API: a snapshot of a stream's end offsets ({@code listOffsets}), then
 * the group's committed offsets ({@code listConsumerGroupOffsets}) until they reach it. Non-blocking: Kafka's futures
 * complete on the admin client's thread, and the waits between two questions on Mutiny's timer. One admin client per
 * node, created on first use. Thread-safe.
 */
@ApplicationScoped
public class KafkaStreamProgress implements StreamProgress {

    private static final Logger LOG = Logger.getLogger(KafkaStreamProgress.class);
    private static final int ADMIN_TIMEOUT_MS = 10_000;

    private final Map<String, Object> kafkaConfig;
    private final NodeIdentity identity;
    private final AtomicReference<Admin> admin = new AtomicReference<>();

    KafkaStreamProgress(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, NodeIdentity identity) {
        this.kafkaConfig = kafkaConfig;
        this.identity = identity;
    }

    @PreDestroy
    void close() {
        Admin current = admin.getAndSet(null);
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public Uni<Boolean> awaitGroupPassesEnd(String group, String topic, Duration timeout, Duration pollInterval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return endOffsets(topic)
                .chain(snapshot -> poll(group, snapshot, deadline, pollInterval))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("progress of group %s on %s not known: %s", group, topic, String.valueOf(failure));
                    return false;
                });
    }

    private Uni<Boolean> poll(String group, Map<TopicPartition, Long> snapshot, long deadline, Duration interval) {
        return hasPassed(group, snapshot)
                .chain(passed -> {
                    if (passed) {
                        return Uni.createFrom().item(true);
                    }
                    if (System.nanoTime() >= deadline) {
                        return Uni.createFrom().item(false);
                    }
                    return Uni.createFrom().voidItem()
                            .onItem().delayIt().by(interval)
                            .chain(() -> poll(group, snapshot, deadline, interval));
                });
    }

    /** The end offset of every partition of {@code topic} now. */
    Uni<Map<TopicPartition, Long>> endOffsets(String topic) {
        return from(() -> admin().describeTopics(List.of(topic)).allTopicNames())
                .chain(descriptions -> {
                    TopicDescription description = descriptions.get(topic);
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    description.partitions().forEach(partition ->
                            latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
                    return from(() -> admin().listOffsets(latest).all());
                })
                .map(KafkaStreamProgress::toOffsets);
    }

    /** True when {@code group} has committed at least {@code snapshot} on every partition that was not empty. */
    Uni<Boolean> hasPassed(String group, Map<TopicPartition, Long> snapshot) {
        return from(() -> admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
                .map(committed -> passes(committed, snapshot));
    }

    static boolean passes(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> snapshot) {
        for (Map.Entry<TopicPartition, Long> end : snapshot.entrySet()) {
            if (end.getValue() <= 0) {
                continue;
            }
            OffsetAndMetadata offset = committed.get(end.getKey());
            if (offset == null || offset.offset() < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> toOffsets(Map<TopicPartition, ListOffsetsResultInfo> infos) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        infos.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static <T> Uni<T> from(Supplier<KafkaFuture<T>> call) {
        return Uni.createFrom().completionStage(() -> call.get().toCompletionStage());
    }

    private Admin admin() {
        Admin current = admin.get();
        return current == null ? createAdmin() : current;
    }

    /** Creates the admin client once; a race creates two and closes the loser. */
    private Admin createAdmin() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tsunagu-ingest-progress-" + identity.nodeId());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS);
        Admin created = Admin.create(config);
        if (!admin.compareAndSet(null, created)) {
            created.close(Duration.ZERO);
        }
        return admin.get();
    }
}
