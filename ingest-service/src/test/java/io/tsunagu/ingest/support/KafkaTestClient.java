package io.tsunagu.ingest.support;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A plain Kafka consumer and producer for tests: remember where a topic ends, then read what was written after
 * that. Not thread-safe; one per test.
 */
public final class KafkaTestClient implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaTestClient(String bootstrapServers) {
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(consumerConfig);
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(producerConfig);
    }

    /** The current end offset of every partition of {@code topic}. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }

    /** The partition of {@code topic} that Kafka's default partitioner picks for {@code key}. */
    public TopicPartition partitionFor(String topic, String key) {
        int partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
        int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
        return new TopicPartition(topic, partition);
    }

    /**
     * Reads from {@code from} until {@code count} records matching {@code match} were found, or fails after
     * {@code timeout}. Returns the matching records in log order per partition.
     */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(Map<TopicPartition, Long> from,
            Predicate<ConsumerRecord<String, byte[]>> match, int count, Duration timeout) {
        assignAt(from);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(timeout).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (match.test(record)) {
                    found.add(record);
                }
            }
            return found.size() >= count;
        });
        return found;
    }

    /**
     * Reads from {@code from} for {@code period} and returns the records matching {@code match}: for asserting
     * that something does not arrive.
     */
    public List<ConsumerRecord<String, byte[]>> collectFor(Map<TopicPartition, Long> from,
            Predicate<ConsumerRecord<String, byte[]>> match, Duration period) {
        assignAt(from);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().during(period).atMost(period.plusSeconds(10)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (match.test(record)) {
                    found.add(record);
                }
            }
            return true;
        });
        return found;
    }

    /** Every record of {@code partition} in [{@code from}, {@code to}). */
    public List<ConsumerRecord<String, byte[]>> readRange(TopicPartition partition, long from, long to) {
        assignAt(Map.of(partition, from));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < to) {
                    records.add(record);
                }
            }
            return to <= from || consumer.position(partition) >= to;
        });
        return records;
    }

    /** Writes a record and waits for Kafka's acknowledgement. */
    public void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private void assignAt(Map<TopicPartition, Long> from) {
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
