package io.tsunagu.storage.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.EventType;
import io.tsunagu.contracts.codec.RecordHeader;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.MessageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores the publish stream: each poll of the Kafka consumer arrives as one batch and is written with one
 * multi-row statement.
 *
 * <p>Acknowledgement: the method consumes a payload and returns a {@link Uni}, so SmallRye acks the batch (which
 * commits the latest offset of each partition in it, through the throttled commit strategy) only when the Uni
 * completes, that is after PostgreSQL committed the statement; if the Uni fails, every record of the batch is
 * nacked and nothing is committed. Batches are processed one at a time, in order.
 *
 * <p>Failures are retried, and poison records skipped, by the sink's {@link BatchWriter}.
 */
@ApplicationScoped
public class PublishSink {

    /** The SmallRye channel of the publish stream. */
    public static final String CHANNEL = "publish";

    private final MessageRepository messages;
    private final SinkMetrics metrics;
    private final BatchWriter writer;

    PublishSink(MessageRepository messages, SinkMetrics metrics, MeterRegistry registry, StorageOptions options) {
        this.messages = messages;
        this.metrics = metrics;
        this.writer = new BatchWriter(Streams.PUBLISH, "messages", registry, options.sink());
    }

    /** Whether the sink's writes currently fail. */
    public SinkStatus status() {
        return writer.status();
    }

    /** Stores one batch of publish records; completes once they are committed in PostgreSQL. */
    @Incoming(CHANNEL)
    public Uni<Void> store(ConsumerRecords<String, byte[]> records) {
        metrics.consumed(records.count());
        List<PublishEvent> events = decode(records);
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return writer.write(events.size(), () -> messages.insertBatch(events))
                .invoke(inserted -> metrics.stored(events.size(), inserted))
                .replaceWithVoid();
    }

    private List<PublishEvent> decode(ConsumerRecords<String, byte[]> records) {
        List<PublishEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (isAmqpPublish(record.value())) {
                // AMQP messages go to their queues through routing; the telemetry history is MQTT's.
                continue;
            }
            Decoded<PublishEvent> decoded = PublishRecordDecoder.decode(record.value());
            if (decoded.isRejected()) {
                writer.skipPoison(record, decoded.rejection());
            } else {
                events.add(decoded.value());
            }
        }
        return events;
    }

    private static boolean isAmqpPublish(byte[] value) {
        try {
            return value != null && RecordHeader.typeOf(value) == EventType.AMQP_PUBLISH;
        } catch (CodecException notARecord) {
            return false;
        }
    }
}
