package io.tsunagu.storage.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.QueuePosition;
import io.tsunagu.storage.repo.SessionQueueChange;
import io.tsunagu.storage.repo.SessionQueueRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the {@code session_queue} table: the copies routing queued for persistent sessions without a connection.
 * Each poll arrives as one batch and is applied in one transaction, in stream order: a tombstone purges its
 * session's queue, a record queues its delivery, so a purge followed by new records keeps only the new ones.
 *
 * <p>Bound: after the insert, each session that got copies keeps only its newest
 * {@code tsunagu.storage.session-queue.max-messages} rows; the older ones are deleted and counted
 * ({@code tsunagu.storage.session.queue.dropped}). For telemetry the latest values matter most, so the oldest
 * copies go. (Mosquitto does the opposite: once {@code max_queued_messages} is reached it refuses new messages.)
 *
 * <p>Acknowledgement as for {@link PublishSink}: the batch is acked (its offsets committed by the throttled commit
 * strategy) only once PostgreSQL committed the transaction. ingest waits for this group's committed offsets before
 * it reads a queue, so what it reads holds every copy queued before the session connected again. Applying a batch
 * again after a crash changes nothing: each session's position in the stream (partition and offset of the last record
 * applied) is written in the same transaction, records at or before it are skipped, and a session keeps one row per
 * message. Failures are retried, and poison records skipped, by the sink's {@link BatchWriter}.
 */
@ApplicationScoped
public class SessionQueueSink {

    /** The SmallRye channel of the session-queue stream. */
    public static final String CHANNEL = "session-queue";

    private final SessionQueueRepository queue;
    private final SinkMetrics metrics;
    private final BatchWriter writer;
    private final int maxMessages;

    SessionQueueSink(SessionQueueRepository queue, SinkMetrics metrics, MeterRegistry registry,
            StorageOptions options) {
        this.queue = queue;
        this.metrics = metrics;
        this.writer = new BatchWriter(Streams.SESSION_QUEUE, "session-queue changes", registry, options.sink());
        this.maxMessages = options.sessionQueue().maxMessages();
    }

    /** Whether the sink's writes currently fail. */
    public SinkStatus status() {
        return writer.status();
    }

    /** Applies one batch of session-queue records; completes once they are committed in PostgreSQL. */
    @Incoming(CHANNEL)
    public Uni<Void> store(ConsumerRecords<String, byte[]> records) {
        List<SessionQueueChange> changes = decode(records);
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return writer.write(changes.size(), () -> queue.applyBatch(changes, maxMessages))
                .invoke(metrics::sessionQueue)
                .replaceWithVoid();
    }

    /** The changes of {@code records} in partition order (the order of a session's records), poison left out. */
    private List<SessionQueueChange> decode(ConsumerRecords<String, byte[]> records) {
        List<SessionQueueChange> changes = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            Decoded<SessionQueueChange> decoded = SessionQueueRecordDecoder.decode(record.key(), record.value(),
                    new QueuePosition(record.partition(), record.offset()));
            if (decoded.isRejected()) {
                writer.skipPoison(record, decoded.rejection());
            } else {
                changes.add(decoded.value());
            }
        }
        return changes;
    }
}
