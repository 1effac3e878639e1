package io.tsunagu.routing.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offset after the last record a consumer of this process polled, per partition: every record below it was
 * written before it was polled. A {@link StreamBarrier} uses it so that one offset look-up covers every trigger record
 * already read, not only the one at the head of the channel.
 *
 * <p>Kafka creates consumer interceptors itself (by class name, {@code interceptor.classes}), so the offsets are kept
 * per process; {@link Interceptor} records them inside {@code poll()}, before the records reach the channel.
 * Threading: any thread.
 */
public final class PolledOffsets {

    private static final Map<TopicPartition, Long> NEXT = new ConcurrentHashMap<>();

    private PolledOffsets() {
    }

    /** Per partition of {@code stream}, the offset after the last record polled from it (none before the first). */
    public static Map<Integer, Long> of(String stream) {
        Map<Integer, Long> next = new HashMap<>();
        NEXT.forEach((partition, offset) -> {
            if (partition.topic().equals(stream)) {
                next.put(partition.partition(), offset);
            }
        });
        return next;
    }

    static void polled(TopicPartition partition, long offset) {
        NEXT.merge(partition, offset + 1, Math::max);
    }

    /** Records the last offset of each partition in every poll of the consumer it is configured on. */
    public static final class Interceptor implements ConsumerInterceptor<Object, Object> {

        @Override
        public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
            for (TopicPartition partition : records.partitions()) {
                ConsumerRecord<Object, Object> last = records.records(partition).getLast();
                polled(partition, last.offset());
            }
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
            // Commits say nothing about what was written.
        }

        @Override
        public void close() {
            // Offsets polled stay true after the consumer closed: those records were written.
        }

        @Override
        public void configure(Map<String, ?> configs) {
            // Nothing to configure.
        }
    }
}
