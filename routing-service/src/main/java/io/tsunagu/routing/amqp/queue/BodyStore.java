package io.tsunagu.routing.amqp.queue;

import io.micrometer.core.instrument.Counter;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.QueueMessageCodec;
import io.tsunagu.contracts.stream.Streams;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The bodies of the owned queues' messages: kept in memory (as the records they came in) up to a byte budget per
 * replica; beyond it a message is indexed without its body, which is read back from tsunagu.queue when it is
 * delivered. The read-back consumer has no group ({@code assign} + {@code seek}); the records a fetch brings along
 * are kept in a small read-ahead cache, since the next deliveries usually want the next offsets.
 *
 * <p>Threading: the owner thread only.
 */
final class BodyStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BodyStore.class);
    private static final int READ_AHEAD = 1000;
    private static final Duration FETCH_POLL = Duration.ofMillis(200);

    private final long budget;
    private final Duration fetchTimeout;
    private final Map<String, Object> kafkaConfig;
    private final Map<Position, AmqpMessage> readAhead = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Position, AmqpMessage> eldest) {
            return size() > READ_AHEAD;
        }
    };
    private final Counter fetches;
    private KafkaConsumer<String, byte[]> fetcher;
    private volatile long kept;

    private record Position(int partition, long offset) {
    }

    BodyStore(long budget, Duration fetchTimeout, Map<String, Object> kafkaConfig, Counter fetches) {
        this.budget = budget;
        this.fetches = fetches;
        this.fetchTimeout = fetchTimeout;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
    }

    /** Whether a record of {@code size} bytes fits the budget; counts it when so. */
    boolean keep(int size) {
        if (kept + size > budget) {
            return false;
        }
        kept += size;
        return true;
    }

    /** {@code message} no longer needs its body in memory. */
    void release(QueuedMessage message) {
        if (message.message() != null) {
            kept -= message.recordSize();
            message.keep(null);
        }
    }

    /** The message at {@code offset} of queue partition {@code partition}: kept, or read back; null when gone. */
    AmqpMessage messageOf(int partition, QueuedMessage message) {
        if (message.message() != null) {
            return message.message();
        }
        Position position = new Position(partition, message.offset());
        AmqpMessage cached = readAhead.remove(position);
        return cached != null ? cached : fetch(position);
    }

    private AmqpMessage fetch(Position position) {
        TopicPartition partition = new TopicPartition(Streams.QUEUE, position.partition());
        KafkaConsumer<String, byte[]> consumer = fetcher();
        consumer.assign(List.of(partition));
        consumer.seek(partition, position.offset());
        fetches.increment();
        long deadline = System.nanoTime() + fetchTimeout.toNanos();
        AmqpMessage found = null;
        while (found == null && System.nanoTime() < deadline) {
            if (consumer.position(partition) > position.offset()) {
                break;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(FETCH_POLL)) {
                AmqpMessage message = decode(record);
                if (record.offset() == position.offset()) {
                    found = message;
                } else if (message != null && record.offset() > position.offset()) {
                    readAhead.put(new Position(record.partition(), record.offset()), message);
                }
            }
        }
        if (found == null) {
            LOG.errorf("Message %s-%d is no longer in the stream (retention?): it is dropped", Streams.QUEUE,
                    position.offset());
        }
        return found;
    }

    private static AmqpMessage decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return QueueMessageCodec.decode(record.value()).message();
        } catch (CodecException e) {
            return null;
        }
    }

    private KafkaConsumer<String, byte[]> fetcher() {
        if (fetcher == null) {
            Map<String, Object> config = new HashMap<>(kafkaConfig);
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
            fetcher = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        }
        return fetcher;
    }

    /** Bytes of records kept in memory (read from any thread). */
    long kept() {
        return kept;
    }

    @Override
    public void close() {
        if (fetcher != null) {
            fetcher.close(Duration.ofSeconds(2));
        }
    }
}
