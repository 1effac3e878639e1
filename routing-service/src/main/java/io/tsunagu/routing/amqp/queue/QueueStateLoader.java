package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.stream.Streams;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the queue states a previous owner left on the compacted tsunagu.queue-state: the whole stream, from its
 * beginning to the end offsets at the call, keeping the latest state of each queue of the given queue partitions.
 * Its partitioning need not match tsunagu.queue's, so every partition is read and each key is placed by the
 * partition its queue's records go to.
 *
 * <p>Threading: the owner thread only (called from the rebalance listener, inside poll).
 */
final class QueueStateLoader {

    private static final Logger LOG = Logger.getLogger(QueueStateLoader.class);

    private final Map<String, Object> kafkaConfig;
    private final Duration timeout;

    QueueStateLoader(Map<String, Object> kafkaConfig, Duration timeout) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.timeout = timeout;
    }

    /** The latest state of each queue whose records go to one of {@code partitions} (by {@code partitionOf}). */
    Map<String, QueueState> load(Set<Integer> partitions, ToIntFunction<String> partitionOf) {
        Map<String, QueueState> states = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = consumer.partitionsFor(Streams.QUEUE_STATE, timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record, partitions, partitionOf, states);
                }
            }
            if (!reached(consumer, ends)) {
                throw new IllegalStateException("tsunagu.queue-state was not read to its end within " + timeout);
            }
        }
        return states;
    }

    private static void apply(ConsumerRecord<String, byte[]> record, Set<Integer> partitions,
            ToIntFunction<String> partitionOf, Map<String, QueueState> states) {
        if (record.key() == null || !partitions.contains(partitionOf.applyAsInt(record.key()))) {
            return;
        }
        if (record.value() == null) {
            states.remove(record.key());
            return;
        }
        try {
            states.put(record.key(), QueueStateCodec.decode(record.value()));
        } catch (RuntimeException e) {
            // Rebuilt without a state: everything in the stream from the committed offset is redelivered.
            LOG.warnf("Skipping an unreadable queue state of %s: %s", record.key().replace('\u0000', '/'),
                    e.getMessage());
            states.remove(record.key());
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tsunagu-routing-queue-state-loader");
        return config;
    }
}
