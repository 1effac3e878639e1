package io.tsunagu.routing.amqp.queue;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueMessage;
import io.tsunagu.contracts.codec.AmqpDeliveryCodec;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.codec.NodeCodec;
import io.tsunagu.contracts.codec.QueueCommandCodec;
import io.tsunagu.contracts.codec.QueueMessageCodec;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.stream.Streams;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import org.awaitility.core.ConditionFactory;

/**
 * Plain Kafka clients playing storage, the exchange router and ingest around the queue owners: topology records as
 * storage writes them (JSON, version 1), QueueMessage records as the router writes them, QueueCommand records as
 * ingest writes them, and a node's delivery stream read as the node reads it.
 */
final class QueueStreams implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    /** An Awaitility wait that checks often: the tests wait for many small steps in a row. */
    static ConditionFactory waiting() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    QueueStreams(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Creates the queue streams as infra/local/kafka.sh does, when they do not exist yet. */
    void createQueueStreams() {
        create(new NewTopic(Streams.QUEUE, 12, (short) 1));
        create(new NewTopic(Streams.QUEUE_CONTROL, 12, (short) 1));
        create(new NewTopic(Streams.QUEUE_STATE, 12, (short) 1).configs(Map.of("cleanup.policy", "compact")));
    }

    /** Creates {@code nodeId}'s delivery stream (one partition), as ingest does at startup. */
    void createDeliveryStream(String nodeId) {
        create(new NewTopic(Streams.deliveryStream(nodeId), 1, (short) 1));
    }

    private void create(NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a declared queue is auto-delete. */
    enum Deletion {
        /** Stays until deleted. */
        KEPT,
        /** queue.declare auto-delete: goes when its last consumer goes. */
        AUTO_DELETE
    }

    /** Writes the topology record of a durable queue with {@code arguments}, as storage does. */
    void declareQueue(String vhost, String name, Map<String, Object> arguments) {
        declareQueue(vhost, name, arguments, Deletion.KEPT);
    }

    /** Writes the topology record of a durable queue, auto-delete or not, as storage does. */
    void declareQueue(String vhost, String name, Map<String, Object> arguments, Deletion deletion) {
        writeQueue(queueRecord(vhost, name, arguments, deletion), vhost, name);
    }

    /** Writes the topology record of a queue exclusive to connection {@code connectionId} of {@code nodeId}. */
    void declareExclusiveQueue(String vhost, String name, String nodeId, String connectionId) {
        Map<String, Object> value = queueRecord(vhost, name, Map.of(), Deletion.KEPT);
        value.put("durable", false);
        value.put("exclusive", true);
        value.put("ownerConnection", connectionId);
        value.put("ownerNode", nodeId);
        writeQueue(value, vhost, name);
    }

    private static Map<String, Object> queueRecord(String vhost, String name, Map<String, Object> arguments,
            Deletion deletion) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("version", 1);
        value.put("kind", "queue");
        value.put("vhost", vhost);
        value.put("name", name);
        value.put("durable", true);
        value.put("autoDelete", deletion == Deletion.AUTO_DELETE);
        value.put("exclusive", false);
        value.put("ownerConnection", null);
        value.put("ownerNode", null);
        value.put("arguments", arguments);
        return value;
    }

    private void writeQueue(Map<String, Object> value, String vhost, String name) {
        try {
            acked(producer.send(new ProducerRecord<>(Streams.TOPOLOGY, topologyKey(vhost, name),
                    JSON.writeValueAsBytes(value))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the tombstone of a queue, as storage does when it is deleted. */
    void deleteQueue(String vhost, String name) {
        acked(producer.send(new ProducerRecord<>(Streams.TOPOLOGY, topologyKey(vhost, name), null)));
    }

    private static String topologyKey(String vhost, String name) {
        return vhost + '\u0000' + "queue" + '\u0000' + name;
    }

    /** Writes a message of priority {@code priority} (null: none) made from publish {@code source}; its offset. */
    long publish(String vhost, String queue, DeliverySource source, Integer priority) {
        byte[] properties = priority == null
                ? AmqpMessage.NO_PROPERTIES
                : BasicPropertiesCodec.encode(BasicProperties.EMPTY.withPriority(priority));
        return publishWith(vhost, queue, source, properties);
    }

    /** Writes a message with the property section {@code properties} made from publish {@code source}. */
    long publishWith(String vhost, String queue, DeliverySource source, byte[] properties) {
        AmqpMessage message = new AmqpMessage("", queue, properties,
                Payload.utf8("body " + source.partition() + "@" + source.offset()));
        QueueMessage record = new QueueMessage(vhost, queue, source, UUID.randomUUID(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), message);
        return acked(producer.send(new ProducerRecord<>(Streams.QUEUE, Streams.queueKey(vhost, queue),
                QueueMessageCodec.encode(record)))).offset();
    }

    /** Writes {@code command} as ingest does. */
    void send(QueueCommand command) {
        acked(producer.send(new ProducerRecord<>(Streams.QUEUE_CONTROL,
                Streams.queueKey(command.vhost(), command.queue()), QueueCommandCodec.encode(command))));
    }

    /** Writes an ingest node's heartbeat to the session stream. */
    void heartbeat(NodeEvent heartbeat) {
        acked(producer.send(new ProducerRecord<>(Streams.SESSION, Streams.nodeKey(heartbeat.nodeId()),
                NodeCodec.encode(heartbeat))));
    }

    private static RecordMetadata acked(Future<RecordMetadata> sent) {
        try {
            return sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for {@code count} dead letters republished from {@code queue} of {@code vhost} on tsunagu.publish. */
    List<AmqpPublishEvent> awaitDeadLetters(String vhost, String queue, int count) {
        String key = Streams.amqpPublishKey(vhost,
                new ChannelRef(DeadLetterPublisher.NODE, "dead-letters:" + queue, 0));
        List<AmqpPublishEvent> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Streams.PUBLISH).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            waiting().until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    if (key.equals(record.key())) {
                        found.add(AmqpPublishCodec.decode(record.value()));
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    /** A reader of {@code nodeId}'s delivery stream from its beginning. */
    NodeReader node(String nodeId) {
        return new NodeReader(nodeId);
    }

    /** What one ingest node reads: its delivery stream, decoded, in order. */
    final class NodeReader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<AmqpDelivery> received = new ArrayList<>();

        private NodeReader(String nodeId) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                    new ByteArrayDeserializer());
            TopicPartition partition = new TopicPartition(Streams.deliveryStream(nodeId), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }

        /** Reads what arrived; every record so far, in order. */
        List<AmqpDelivery> poll() {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                received.add(AmqpDeliveryCodec.decode(record.value()));
            }
            return received;
        }

        /** Waits until {@code count} records arrived; every record so far. */
        List<AmqpDelivery> awaitCount(int count) {
            waiting().until(() -> poll().size() >= count);
            return List.copyOf(received);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
