package io.tsunagu.storage;

import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
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
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Produces publish-stream and retained-stream records the way an ingest node does (contracts codec, publish key,
 * acks=all; a tombstone to remove a retained message), and session-queue records the way routing does (a delivery
 * record with one recipient under the session key; a tombstone to purge a queue), with a plain Kafka producer
 * pointed at the same broker as the application under test.
 */
public final class TestPublisher implements AutoCloseable {

    /** The database of storage-service's tests (LocalInfraResource init argument). */
    public static final String DATABASE = "tsunagu_storage_test";

    /** Publish-stream offsets for {@link #queuedCopy}: each copy gets a source of its own. */
    private static final AtomicLong SOURCE_OFFSETS = new AtomicLong();

    private final KafkaProducer<String, byte[]> producer;

    public TestPublisher() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "storage-test-publisher"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** A QoS 1 event of tenant/topic with a UTF-8 payload, received now (microsecond precision, as the codec). */
    public static PublishEvent event(String tenant, String topic, String payload) {
        return event(tenant, topic, Payload.utf8(payload), Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** An event with the given payload bytes and received-at. */
    public static PublishEvent event(String tenant, String topic, Payload payload, Instant receivedAt) {
        return new PublishEvent(UUID.randomUUID(), tenant, "client-" + topic.hashCode(), "node-test", topic, 1, false,
                receivedAt, MessageProperties.none(), payload);
    }

    /** A QoS 1 event with RETAIN=1 and a UTF-8 payload, received now, as ingest writes to the retained stream. */
    public static PublishEvent retainedEvent(String tenant, String topic, String payload) {
        return retainedEvent(tenant, topic, Payload.utf8(payload));
    }

    /** A retained event with the given payload bytes, received now. */
    public static PublishEvent retainedEvent(String tenant, String topic, Payload payload) {
        return new PublishEvent(UUID.randomUUID(), tenant, "client-" + topic.hashCode(), "node-test", topic, 1, true,
                Instant.now().truncatedTo(ChronoUnit.MICROS), MessageProperties.none(), payload);
    }

    /**
     * A LIVE QoS 1 copy, for {@code clientId} of {@code tenant}, of a new message published to {@code topic}, as
     * routing queues it for an offline session: one recipient, a source in publish partition 0 of its own.
     */
    public static DeliveryEvent queuedCopy(String tenant, String clientId, String topic) {
        return new DeliveryEvent("routing", List.of(new Recipient(clientId, 1, false)), event(tenant, topic, topic),
                DeliveryKind.LIVE, new DeliverySource(0, SOURCE_OFFSETS.incrementAndGet()));
    }

    /** The same copy handed back after it was in flight: kind REQUEUED, from the position of the hand-back. */
    public static DeliveryEvent requeued(DeliveryEvent copy) {
        return new DeliveryEvent(copy.nodeId(), copy.recipients(), copy.publish(), DeliveryKind.REQUEUED,
                new DeliverySource(1, SOURCE_OFFSETS.incrementAndGet()));
    }

    /** A tenant no other test uses. */
    public static String uniqueTenant() {
        return "t-" + UUID.randomUUID();
    }

    /** Sends {@code event} and waits until Kafka acknowledged it; answers where it was written. */
    public RecordMetadata publish(PublishEvent event) {
        return send(Streams.publishKey(event.tenant(), event.topic()), PublishCodec.encode(event));
    }

    /** Sends any bytes as a publish-stream record and waits until Kafka acknowledged it. */
    public RecordMetadata send(String key, byte[] value) {
        return await(producer.send(new ProducerRecord<>(Streams.PUBLISH, key, value)));
    }

    /** Writes {@code event} to the retained stream, as ingest does for a retained PUBLISH, and waits for the ack. */
    public RecordMetadata retain(PublishEvent event) {
        return sendRetained(Streams.publishKey(event.tenant(), event.topic()), PublishCodec.encode(event));
    }

    /** Writes the tombstone that removes the retained message of tenant/topic, and waits for the ack. */
    public RecordMetadata clearRetained(String tenant, String topic) {
        return sendRetained(Streams.publishKey(tenant, topic), null);
    }

    /** Sends any key and value (null: a tombstone) as a retained-stream record and waits for the ack. */
    public RecordMetadata sendRetained(String key, byte[] value) {
        return await(producer.send(new ProducerRecord<>(Streams.RETAINED, key, value)));
    }

    /**
     * Sends retained-stream records (null values are tombstones) back to back, without waiting in between, so that
     * they leave in as few producer batches as possible and tend to reach the sink in one poll; then waits for every
     * ack and answers where each was written. Records of one key keep their order (idempotent producer).
     */
    public List<RecordMetadata> sendRetainedTogether(List<RetainedRecord> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (RetainedRecord record : records) {
            sent.add(producer.send(new ProducerRecord<>(Streams.RETAINED, record.key(), record.value())));
        }
        producer.flush();
        return sent.stream().map(TestPublisher::await).toList();
    }

    /** Writes {@code copy} to the session-queue stream, as routing does, and waits for the ack. */
    public RecordMetadata queue(DeliveryEvent copy) {
        QueueRecord record = QueueRecord.of(copy);
        return sendQueued(record.key(), record.value());
    }

    /** Writes the tombstone that purges the queue of the session tenant/clientId, and waits for the ack. */
    public RecordMetadata purgeQueue(String tenant, String clientId) {
        return sendQueued(Streams.sessionKey(tenant, clientId), null);
    }

    /** Sends any key and value (null: a tombstone) as a session-queue record and waits for the ack. */
    public RecordMetadata sendQueued(String key, byte[] value) {
        return await(producer.send(new ProducerRecord<>(Streams.SESSION_QUEUE, key, value)));
    }

    /**
     * Sends session-queue records (null values are tombstones) back to back, like {@link #sendRetainedTogether},
     * so that they tend to reach the sink in one poll; waits for every ack and answers where each was written.
     */
    public List<RecordMetadata> sendQueuedTogether(List<QueueRecord> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (QueueRecord record : records) {
            sent.add(producer.send(new ProducerRecord<>(Streams.SESSION_QUEUE, record.key(), record.value())));
        }
        producer.flush();
        return sent.stream().map(TestPublisher::await).toList();
    }

    private static RecordMetadata await(Future<RecordMetadata> ack) {
        try {
            return ack.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing to Kafka failed", e);
        }
    }

    /**
     * A retained-stream record: the publish record of a retained message, or a tombstone (null value).
     *
     * @param key tenant U+0000 topic
     * @param value the publish record, or null
     */
    public record RetainedRecord(String key, byte[] value) {

        /** The record that makes {@code event} its topic's retained message. */
        public static RetainedRecord of(PublishEvent event) {
            return new RetainedRecord(Streams.publishKey(event.tenant(), event.topic()), PublishCodec.encode(event));
        }

        /** The tombstone that removes the retained message of tenant/topic. */
        public static RetainedRecord tombstone(String tenant, String topic) {
            return new RetainedRecord(Streams.publishKey(tenant, topic), null);
        }
    }

    /**
     * A session-queue record: the delivery record of a queued copy, or a tombstone (null value).
     *
     * @param key tenant U+0000 client id
     * @param value the delivery record, or null
     */
    public record QueueRecord(String key, byte[] value) {

        /** The record that queues {@code copy} for its one recipient. */
        public static QueueRecord of(DeliveryEvent copy) {
            return new QueueRecord(Streams.sessionKey(copy.publish().tenant(), copy.recipients().get(0).clientId()),
                    DeliveryCodec.encode(copy));
        }

        /** The tombstone that purges the queue of tenant/clientId. */
        public static QueueRecord tombstone(String tenant, String clientId) {
            return new QueueRecord(Streams.sessionKey(tenant, clientId), null);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
