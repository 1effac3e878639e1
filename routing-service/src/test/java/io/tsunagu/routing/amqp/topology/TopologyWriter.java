package io.tsunagu.routing.amqp.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tsunagu.contracts.stream.Streams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes {@code tsunagu.topology} records as storage-service's TopologyPublisher does (keys and JSON of its
 * TopologyChange, version 1, acks=all), for tests playing storage. Each write waits for Kafka's ack.
 */
public final class TopologyWriter implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, byte[]> producer;

    public TopologyWriter(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    /** The key of an exchange or queue: vhost, kind, name. */
    public static String key(String vhost, String kind, String name) {
        return String.join("\u0000", vhost, kind, name);
    }

    /**
     * A binding's identity.
     *
     * @param source the source exchange
     * @param destinationKind queue or exchange
     * @param destination the destination's name
     * @param routingKey the binding key
     * @param arguments the bind arguments
     */
    public record Bind(String source, String destinationKind, String destination, String routingKey,
            Map<String, Object> arguments) {

        /** A queue binding without arguments. */
        public static Bind queue(String source, String queue, String routingKey) {
            return new Bind(source, "queue", queue, routingKey, Map.of());
        }

        /** An exchange-to-exchange binding without arguments. */
        public static Bind exchange(String source, String destination, String routingKey) {
            return new Bind(source, "exchange", destination, routingKey, Map.of());
        }
    }

    /** The key of a binding: every field, the arguments in sorted key order. */
    public static String bindingKey(String vhost, Bind bind) {
        String args = new TreeMap<>(bind.arguments()).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return String.join("\u0000", vhost, "binding", bind.source(), bind.destinationKind(), bind.destination(),
                bind.routingKey(), args);
    }

    /** An exchange.declare that storage committed. */
    public void exchange(String vhost, String name, String type, Map<String, Object> arguments) {
        Map<String, Object> value = header("exchange", vhost);
        value.put("name", name);
        value.put("type", type);
        value.put("durable", true);
        value.put("autoDelete", false);
        value.put("internal", false);
        value.put("arguments", arguments);
        write(key(vhost, "exchange", name), value);
    }

    /** A queue.declare that storage committed (durable, not exclusive). */
    public void queue(String vhost, String name, Map<String, Object> arguments) {
        Map<String, Object> value = header("queue", vhost);
        value.put("name", name);
        value.put("durable", true);
        value.put("autoDelete", false);
        value.put("exclusive", false);
        value.put("ownerConnection", null);
        value.put("ownerNode", null);
        value.put("arguments", arguments);
        write(key(vhost, "queue", name), value);
    }

    /** A queue.bind (or exchange.bind) that storage committed. */
    public void binding(String vhost, Bind bind) {
        Map<String, Object> value = header("binding", vhost);
        value.put("source", bind.source());
        value.put("destinationKind", bind.destinationKind());
        value.put("destination", bind.destination());
        value.put("routingKey", bind.routingKey());
        value.put("arguments", bind.arguments());
        write(bindingKey(vhost, bind), value);
    }

    /** A queue.bind of {@code queue} to {@code exchange} without arguments. */
    public void bindQueue(String vhost, String exchange, String queue, String routingKey) {
        binding(vhost, Bind.queue(exchange, queue, routingKey));
    }

    /** A tombstone: the entity of {@code key} is gone. */
    public void tombstone(String key) {
        send(key, null);
    }

    /** Any value, as bytes. */
    public void raw(String key, byte[] value) {
        send(key, value);
    }

    private void write(String key, Map<String, Object> value) {
        try {
            send(key, JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Streams.TOPOLOGY, key, value)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> header(String kind, String vhost) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("version", 1);
        value.put("kind", kind);
        value.put("vhost", vhost);
        return value;
    }

    @Override
    public void close() {
        producer.close();
    }
}
