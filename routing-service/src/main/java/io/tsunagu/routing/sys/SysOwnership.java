package io.tsunagu.routing.sys;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.tsunagu.contracts.stream.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tracks which publish-stream partitions the routing consumer group ({@code tsunagu-routing}) assigned to this
 * replica, to elect the one replica that publishes the {@code $SYS} statistics: the owner of partition 0.
 *
 * <p>Kafka's group protocol already keeps one owner per partition, so no other election is needed. During a
 * rebalance, or while a replica that lost its session has not noticed yet, two replicas may both publish for a
 * moment; that is harmless, since each publish replaces the retained value.
 *
 * <p>Threading: updated on the publish consumer's polling thread, read from any thread. Works with both eager and
 * cooperative rebalancing (the callbacks then name only the partitions that changed hands).
 */
@ApplicationScoped
@Identifier(SysOwnership.NAME)
public class SysOwnership implements KafkaConsumerRebalanceListener {

    /** The listener's name, configured as the publish channel's {@code consumer-rebalance-listener.name}. */
    public static final String NAME = "tsunagu-routing-publish-partitions";

    private static final TopicPartition PARTITION_ZERO = new TopicPartition(Streams.PUBLISH, 0);

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.addAll(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    /** Whether this replica currently routes publish partition 0, and so publishes the {@code $SYS} topics. */
    public boolean ownsPublishPartitionZero() {
        return assigned.contains(PARTITION_ZERO);
    }
}
