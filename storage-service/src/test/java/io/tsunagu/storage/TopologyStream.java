package io.tsunagu.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the tsunagu.topology stream from its current end with a plain Kafka consumer (no group), as a routing
 * replica would follow it. Not thread-safe: one per test.
 */
public final class TopologyStream implements AutoCloseable {

    /** The topic storage writes topology changes to. */
    public static final String TOPIC = "tsunagu.topology";

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    /** Starts at the current end of every partition. */
    public TopologyStream() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "storage-test-topology"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(TOPIC, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Polls once and answers the last record seen so far with this key, if any. */
    public Optional<ConsumerRecord<String, byte[]>> latest(String key) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(record -> record.key().equals(key)).reduce((first, second) -> second);
    }

    /** Every record seen so far, in the order polled. */
    public List<ConsumerRecord<String, byte[]>> seen() {
        return seen;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
