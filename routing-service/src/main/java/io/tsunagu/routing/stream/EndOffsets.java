package io.tsunagu.routing.stream;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks up the current end offsets of stream partitions, without blocking: one Kafka admin client for the barriers
 * and the {@code $SYS} statistics. Any thread; the results complete on the admin client's thread.
 */
@Singleton
public class EndOffsets implements AutoCloseable {

    private final Admin admin;

    /**
     * An admin client for the cluster of {@code kafkaConfig}.
     *
     * @param kafkaConfig the Kafka client settings ({@code kafka.*} with the prefix removed)
     */
    @Inject
    public EndOffsets(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.admin = Admin.create(adminConfig(kafkaConfig));
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** The end offset (the offset the next record will get) of each of {@code partitions}. */
    public CompletionStage<Map<TopicPartition, Long>> of(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        return admin.listOffsets(latest).all().toCompletionStage().thenApply(EndOffsets::offsets);
    }

    /** The end offset of every partition of {@code stream}. */
    public CompletionStage<Map<TopicPartition, Long>> ofStream(String stream) {
        return admin.describeTopics(List.of(stream)).allTopicNames().toCompletionStage()
                .thenApply(topics -> partitionsOf(topics.get(stream)))
                .thenCompose(this::of);
    }

    private static List<TopicPartition> partitionsOf(TopicDescription topic) {
        return topic.partitions().stream()
                .map(partition -> new TopicPartition(topic.name(), partition.partition()))
                .toList();
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> all) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        all.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static Map<String, Object> adminConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>();
        AdminClientConfig.configNames().forEach(name -> {
            if (kafkaConfig.containsKey(name)) {
                config.put(name, kafkaConfig.get(name));
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tsunagu-routing-end-offsets");
        return config;
    }
}
