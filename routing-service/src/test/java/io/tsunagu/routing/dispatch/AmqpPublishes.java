package io.tsunagu.routing.dispatch;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.stream.Streams;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes AMQP publish records to the publish stream as ingest does (keyed by vhost and channel, acks=all). */
final class AmqpPublishes implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaProducer<String, byte[]> producer;

    AmqpPublishes(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    /** How a test publish is sent: where to, the flags of basic.publish, and the message's properties. */
    record Target(String exchange, String routingKey, boolean mandatory, long publishSeq,
            BasicProperties properties) {

        static Target to(String exchange, String routingKey) {
            return new Target(exchange, routingKey, false, 0, BasicProperties.EMPTY);
        }

        Target asMandatory() {
            return new Target(exchange, routingKey, true, publishSeq, properties);
        }

        Target confirmedAs(long seq) {
            return new Target(exchange, routingKey, mandatory, seq, properties);
        }

        Target with(BasicProperties newProperties) {
            return new Target(exchange, routingKey, mandatory, publishSeq, newProperties);
        }
    }

    /** A publish of {@code body} on {@code channel} of vhost {@code vhost}. */
    static AmqpPublishEvent event(String vhost, ChannelRef channel, Target target, String body) {
        return new AmqpPublishEvent(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), vhost, channel,
                target.publishSeq(), target.mandatory(), new AmqpMessage(target.exchange(), target.routingKey(),
                        BasicPropertiesCodec.encode(target.properties()), Payload.utf8(body)));
    }

    /** Writes {@code event} keyed as ingest does and waits for Kafka's ack; returns where Kafka put it. */
    DeliverySource send(AmqpPublishEvent event) {
        return acked(producer.send(new ProducerRecord<>(Streams.PUBLISH,
                Streams.amqpPublishKey(event.vhost(), event.publisher()), AmqpPublishCodec.encode(event))));
    }

    /** Writes {@code event} to one partition of the publish stream and waits for Kafka's ack. */
    DeliverySource sendToPartition(int partition, AmqpPublishEvent event) {
        return acked(producer.send(new ProducerRecord<>(Streams.PUBLISH, partition,
                Streams.amqpPublishKey(event.vhost(), event.publisher()), AmqpPublishCodec.encode(event))));
    }

    private static DeliverySource acked(Future<RecordMetadata> future) {
        try {
            RecordMetadata metadata = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new DeliverySource(metadata.partition(), metadata.offset());
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
    }
}
