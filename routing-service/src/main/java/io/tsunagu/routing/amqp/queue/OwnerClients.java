package io.tsunagu.routing.amqp.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The Kafka clients of one queue-owner run: the group member, the producer, the body read-back, the state
 * loader and the end-offset look-ups of the barriers; and the owners' meters. Owner thread only.
 */
final class OwnerClients implements AutoCloseable {

    /** The consumer group of the queue owners. */
    static final String GROUP = "tsunagu-routing-queues";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final KafkaConsumer<String, byte[]> consumer;
    private final QueueWriter writer;
    private final BodyStore bodies;
    private final QueueStateLoader stateLoader;
    private final StreamPositions positions;
    private final OwnerMeters meters;

    OwnerClients(Map<String, Object> kafkaConfig, QueueOwnerOptions options, OwnerMeters meters,
            StreamPositions positions) {
        int instance = INSTANCES.incrementAndGet();
        this.consumer = new KafkaConsumer<>(consumerConfig(kafkaConfig, options, instance), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.writer = new QueueWriter(kafkaConfig, "tsunagu-routing-queues-writer-" + instance,
                options.writeTimeout());
        this.bodies = new BodyStore(options.bodyBudget().asLongValue(), options.writeTimeout(), kafkaConfig,
                meters.fetches());
        this.stateLoader = new QueueStateLoader(kafkaConfig, options.writeTimeout());
        this.positions = positions;
        this.meters = meters;
    }

    private static Map<String, Object> consumerConfig(Map<String, Object> kafkaConfig, QueueOwnerOptions options,
            int instance) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tsunagu-routing-queues-" + instance);
        // Partition n of both streams to the same member: a queue's messages and commands meet in one owner.
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Never create the queue streams with the broker's defaults: their partition counts must match.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxPollRecords());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) options.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) options.sessionTimeout().toMillis() / 3);
        return config;
    }

    KafkaConsumer<String, byte[]> consumer() {
        return consumer;
    }

    QueueWriter writer() {
        return writer;
    }

    BodyStore bodies() {
        return bodies;
    }

    QueueStateLoader stateLoader() {
        return stateLoader;
    }

    /** The barriers' look-ups (its admin client is shared, not closed here). */
    StreamPositions positions() {
        return positions;
    }

    OwnerMeters meters() {
        return meters;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        writer.close();
        bodies.close();
    }
}
