package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.codec.AmqpDeliveryCodec;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.stream.Streams;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The queue owners' one producer (idempotent, acks=all): deliveries, get answers and replies to the channels' node
 * streams, queue states to tsunagu.queue-state, and dead-lettered messages to tsunagu.publish. One producer keeps
 * each node stream in the order the owner wrote it (a consume's REPLY before its first DELIVER).
 *
 * <p>Threading: the owner thread sends; Kafka's I/O thread runs the callbacks.
 */
final class QueueWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QueueWriter.class);

    private final KafkaProducer<String, byte[]> producer;

    QueueWriter(Map<String, Object> kafkaConfig, String clientId, Duration writeTimeout) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove("group.id");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        // A delivery carries a queue record (up to the brokers' 4 MiB records).
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, writeTimeout.toMillis());
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Hands {@code delivery} to the producer; false when the producer refused it at once. */
    boolean deliver(AmqpDelivery delivery) {
        String stream = Streams.deliveryStream(delivery.channel().nodeId());
        try {
            producer.send(new ProducerRecord<>(stream, null, AmqpDeliveryCodec.encode(delivery)), (meta, failure) -> {
                if (failure != null) {
                    LOG.errorf("A %s to channel %s was not written to %s: %s", delivery.kind(), delivery.channel(),
                            stream, failure.getMessage());
                }
            });
            return true;
        } catch (KafkaException e) {
            LOG.warnf("A %s to channel %s could not be handed to the producer: %s", delivery.kind(),
                    delivery.channel(), e.getMessage());
            return false;
        }
    }

    /**
     * Writes {@code event} to tsunagu.publish (a dead-lettered message); {@code acked} runs on Kafka's I/O thread with
     * null once Kafka acknowledged it, else the failure.
     */
    void publish(AmqpPublishEvent event, Consumer<Exception> acked) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Streams.PUBLISH,
                Streams.amqpPublishKey(event.vhost(), event.publisher()), AmqpPublishCodec.encode(event));
        try {
            producer.send(record, (meta, failure) -> acked.accept(failure));
        } catch (KafkaException e) {
            acked.accept(e);
        }
    }

    /** Writes the state of the queue {@code key}. */
    Future<RecordMetadata> state(String key, QueueState state) {
        return producer.send(new ProducerRecord<>(Streams.QUEUE_STATE, key, QueueStateCodec.encode(state)));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
