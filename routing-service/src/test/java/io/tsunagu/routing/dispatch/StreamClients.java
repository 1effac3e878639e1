package io.tsunagu.routing.dispatch;

import static org.awaitility.Awaitility.await;

import io.tsunagu.contracts.codec.NodeCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.stream.Streams;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients playing the ingest side in tests: they write session, publish and retained records as ingest
 * does and read a node's delivery stream as that node would.
 */
public final class StreamClients implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    public StreamClients(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** A publish of {@code payload} as ingest would accept it. */
    public static PublishEvent publishEvent(String tenant, String topic, int qos, Payload payload) {
        return new PublishEvent(UUID.randomUUID(), tenant, "publisher", "ingest-test", topic, qos, false,
                Instant.now().truncatedTo(ChronoUnit.MICROS), MessageProperties.none(), payload);
    }

    /** Creates {@code nodeId}'s delivery stream (one partition), as ingest does at startup. */
    public void createDeliveryStream(String nodeId) {
        try {
            admin.createTopics(List.of(new NewTopic(Streams.deliveryStream(nodeId), 1, (short) 1))).all()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a session event and waits for Kafka's ack. */
    public void send(SessionEvent event) {
        acked(producer.send(new ProducerRecord<>(Streams.SESSION,
                Streams.sessionKey(event.tenant(), event.clientId()), SessionCodec.encode(event))));
    }

    /** Writes a session tombstone and waits for Kafka's ack. */
    public void sendTombstone(String tenant, String clientId) {
        acked(producer.send(new ProducerRecord<>(Streams.SESSION, Streams.sessionKey(tenant, clientId), null)));
    }

    /** Writes a publish keyed as ingest does and waits for Kafka's ack; returns the record's bytes. */
    public byte[] send(PublishEvent publish) {
        byte[] record = PublishCodec.encode(publish);
        sendPublish(publish.tenant(), publish.topic(), record);
        return record;
    }

    /** Writes a publish keyed as ingest does and waits for Kafka's ack; returns where Kafka put it. */
    public DeliverySource sendPublish(PublishEvent publish) {
        return sendPublish(publish.tenant(), publish.topic(), PublishCodec.encode(publish));
    }

    private DeliverySource sendPublish(String tenant, String topic, byte[] record) {
        return sourceOf(acked(producer.send(new ProducerRecord<>(Streams.PUBLISH, Streams.publishKey(tenant, topic),
                record))));
    }

    /**
     * Writes raw publish-stream bytes to one partition and waits for Kafka's ack; returns where Kafka put them.
     * Pinning records to one partition lets a test know that the earlier ones were routed once a later one was.
     */
    public DeliverySource sendToPartition(int partition, byte[] record) {
        return sourceOf(acked(producer.send(new ProducerRecord<>(Streams.PUBLISH, partition, "test", record))));
    }

    /**
     * Writes {@code publish} to one partition as the copy that {@code excludedClientId} (null: no exclude header)
     * hands back to the shared subscription {@code target}, with the headers ingest sets, and waits for Kafka's ack;
     * returns where Kafka put it.
     */
    public DeliverySource sendHandedBack(int partition, PublishEvent publish, String target,
            String excludedClientId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Streams.PUBLISH, partition,
                Streams.publishKey(publish.tenant(), publish.topic()), PublishCodec.encode(publish));
        record.headers().add(Streams.SHARE_TARGET_HEADER, target.getBytes(StandardCharsets.UTF_8));
        if (excludedClientId != null) {
            record.headers().add(Streams.SHARE_EXCLUDE_HEADER, excludedClientId.getBytes(StandardCharsets.UTF_8));
        }
        return sourceOf(acked(producer.send(record)));
    }

    /**
     * Writes {@code publish} to one partition as the copy an ingest node hands back for the session {@code session}
     * (a session key) with the headers ingest sets, {@link Streams#DUP_HEADER} too when it was {@code inFlight}, and
     * waits for Kafka's ack; returns where Kafka put it.
     */
    public DeliverySource sendHandedBackToSession(int partition, PublishEvent publish, String session,
            HandBack handBack) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Streams.PUBLISH, partition,
                Streams.publishKey(publish.tenant(), publish.topic()), PublishCodec.encode(publish));
        record.headers().add(Streams.SESSION_TARGET_HEADER, session.getBytes(StandardCharsets.UTF_8));
        if (handBack == HandBack.IN_FLIGHT) {
            record.headers().add(Streams.DUP_HEADER, new byte[0]);
        }
        return sourceOf(acked(producer.send(record)));
    }

    /** Whether a copy handed back for a session had been sent to it already. */
    public enum HandBack {
        /** Sent and not acknowledged: it goes out again with DUP 1. */
        IN_FLIGHT,
        /** Queued on the node, never sent. */
        QUEUED
    }

    /** Writes an ingest node's heartbeat to the session stream and waits for Kafka's ack. */
    public void send(NodeEvent heartbeat) {
        acked(producer.send(new ProducerRecord<>(Streams.SESSION, Streams.nodeKey(heartbeat.nodeId()),
                NodeCodec.encode(heartbeat))));
    }

    /**
     * Writes a retained message to the retained stream as ingest does for a PUBLISH with RETAIN set, and waits for
     * Kafka's ack; returns the record's bytes.
     */
    public byte[] sendRetained(PublishEvent publish) {
        byte[] record = PublishCodec.encode(publish);
        acked(producer.send(new ProducerRecord<>(Streams.RETAINED, Streams.publishKey(publish.tenant(),
                publish.topic()), record)));
        return record;
    }

    /** Writes the tombstone that removes a topic's retained message, and waits for Kafka's ack. */
    public void sendRetainedTombstone(String tenant, String topic) {
        acked(producer.send(new ProducerRecord<>(Streams.RETAINED, Streams.publishKey(tenant, topic), null)));
    }

    /**
     * Reads every partition of {@code stream} from the beginning until the records with key {@code key} include
     * one that {@code wanted} accepts; returns the records with that key read so far.
     */
    public List<ConsumerRecord<String, byte[]>> readUntil(String stream, String key,
            Predicate<ConsumerRecord<String, byte[]>> wanted) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(stream).stream()
                    .map(info -> new TopicPartition(stream, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        records.add(record);
                    }
                });
                return records.stream().anyMatch(wanted);
            });
            return records;
        }
    }

    /**
     * Reads every partition of {@code stream} from the beginning to the end it has now; returns the records with
     * {@code key}.
     */
    public List<ConsumerRecord<String, byte[]>> readToEnd(String stream, String key) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(stream).stream()
                    .map(info -> new TopicPartition(stream, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        records.add(record);
                    }
                });
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
            return records;
        }
    }

    /** Writes publishes without waiting for each ack, then waits for all of them. */
    public void sendAll(List<PublishEvent> publishes) {
        publishes.forEach(publish -> producer.send(new ProducerRecord<>(Streams.PUBLISH,
                Streams.publishKey(publish.tenant(), publish.topic()), PublishCodec.encode(publish))));
        producer.flush();
    }

    /** Reads {@code nodeId}'s delivery stream from the beginning until it holds at least {@code count} records. */
    public List<ConsumerRecord<String, byte[]>> readDeliveries(String nodeId, int count) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(Streams.deliveryStream(nodeId), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
            // Whatever else is already there (a test asserting "exactly" sees extra records).
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records;
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private static DeliverySource sourceOf(RecordMetadata metadata) {
        return new DeliverySource(metadata.partition(), metadata.offset());
    }

    private static <T> T acked(Future<T> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
