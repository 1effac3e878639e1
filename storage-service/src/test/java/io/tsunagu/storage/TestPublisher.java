package io.tsunagu.storage;

import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Produces publish-stream records the way an ingest node does (contracts codec, publish key, acks=all), with a plain
 * Kafka producer pointed at the same broker as the application under test.
 */
public final class TestPublisher implements AutoCloseable {

    /** The database of storage-service's tests (LocalInfraResource init argument). */
    public static final String DATABASE = "tsunagu_storage_test";

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
        try {
            return producer.send(new ProducerRecord<>(Streams.PUBLISH, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing to " + Streams.PUBLISH + " failed", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
