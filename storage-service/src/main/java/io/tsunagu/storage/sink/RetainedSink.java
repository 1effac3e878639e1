package io.tsunagu.storage.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.RetainedChange;
import io.tsunagu.storage.repo.RetainedRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the {@code retained_messages} table in step with the compacted retained stream: each poll arrives as one
 * batch, and its records, in partition order, are applied with one statement, in which the last record of each
 * topic wins. A record replaces its topic's retained message; a tombstone deletes it [MQTT-3.3.1-6].
 *
 * <p>Acknowledgement as for {@link PublishSink}: the batch is acked (its offsets committed by the throttled commit
 * strategy) only once PostgreSQL committed the statement. Applying a batch again after a restart leaves the same
 * rows, since each change replaces or deletes a whole row. Failures are retried, and poison records skipped, by
 * the sink's {@link BatchWriter}.
 */
@ApplicationScoped
public class RetainedSink {

    /** The SmallRye channel of the retained stream. */
    public static final String CHANNEL = "retained";

    private final RetainedRepository retained;
    private final SinkMetrics metrics;
    private final BatchWriter writer;

    RetainedSink(RetainedRepository retained, SinkMetrics metrics, MeterRegistry registry, StorageOptions options) {
        this.retained = retained;
        this.metrics = metrics;
        this.writer = new BatchWriter(Streams.RETAINED, "retained-message changes", registry, options.sink());
    }

    /** Whether the sink's writes currently fail. */
    public SinkStatus status() {
        return writer.status();
    }

    /** Applies one batch of retained records; completes once the changes are committed in PostgreSQL. */
    @Incoming(CHANNEL)
    public Uni<Void> store(ConsumerRecords<String, byte[]> records) {
        List<RetainedChange> changes = decode(records);
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return writer.write(changes.size(), () -> retained.applyBatch(changes))
                .invoke(metrics::retained)
                .replaceWithVoid();
    }

    /** The changes of {@code records} in partition order (the order of a key's records), poison left out. */
    private List<RetainedChange> decode(ConsumerRecords<String, byte[]> records) {
        List<RetainedChange> changes = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            Decoded<RetainedChange> decoded = RetainedRecordDecoder.decode(record.key(), record.value());
            if (decoded.isRejected()) {
                writer.skipPoison(record, decoded.rejection());
            } else {
                changes.add(decoded.value());
            }
        }
        return changes;
    }
}
