package io.tsunagu.storage.sink;

import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.storage.config.StorageOptions;
import io.tsunagu.storage.repo.MessageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores the publish stream: each poll of the Kafka consumer arrives as one batch and is written with one
 * multi-row statement.
 *
 * <p>Acknowledgement: the method consumes a payload and returns a {@link Uni}, so SmallRye acks the batch (which
 * commits the latest offset of each partition in it, through the throttled commit strategy) only when the Uni
 * completes, that is after PostgreSQL committed the statement; if the Uni fails, every record of the batch is
 * nacked and nothing is committed. Batches are processed one at a time, in order.
 *
 * <p>Failures: a write that fails is retried with exponential backoff (PostgreSQL may be restarting or failing
 * over) for up to {@code tsunagu.storage.sink.retry-timeout}, and meanwhile the readiness check reports the sink
 * DOWN. After that the batch is nacked; the channel's {@code fail} strategy stops it and reports it to liveness,
 * so the process is restarted and consumes again from the last committed offset. A batch is never skipped. A
 * record that can never be stored (undecodable, or a value PostgreSQL rejects) is a poison pill: it is logged with
 * its offset, counted, and skipped, because no retry can help it.
 */
@ApplicationScoped
public class PublishSink {

    /** The SmallRye channel of the publish stream. */
    public static final String CHANNEL = "publish";

    private static final Logger LOG = Logger.getLogger(PublishSink.class);

    private final MessageRepository messages;
    private final SinkMetrics metrics;
    private final SinkStatus status;
    private final StorageOptions.Sink options;

    PublishSink(MessageRepository messages, SinkMetrics metrics, SinkStatus status, StorageOptions options) {
        this.messages = messages;
        this.metrics = metrics;
        this.status = status;
        this.options = options.sink();
    }

    /** Stores one batch of publish records; completes once they are committed in PostgreSQL. */
    @Incoming(CHANNEL)
    public Uni<Void> store(ConsumerRecords<String, byte[]> records) {
        metrics.consumed(records.count());
        List<PublishEvent> events = decode(records);
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return writeOnce(events)
                .onFailure().invoke(failure -> onWriteFailed(failure, events.size()))
                .onFailure().retry()
                .withBackOff(options.retryInitialBackoff(), options.retryMaxBackoff())
                .withJitter(0.2)
                .expireIn(options.retryTimeout().toMillis())
                .onFailure().invoke(failure -> onGaveUp(failure, events.size()))
                .replaceWithVoid();
    }

    private List<PublishEvent> decode(ConsumerRecords<String, byte[]> records) {
        List<PublishEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            PublishRecordDecoder.Decoded decoded = PublishRecordDecoder.decode(record.value());
            if (decoded.isRejected()) {
                onPoison(record, decoded.rejection());
            } else {
                events.add(decoded.event());
            }
        }
        return events;
    }

    /** One attempt: a fresh statement (and a fresh latency sample) for every subscription, so retries redo it. */
    private Uni<Integer> writeOnce(List<PublishEvent> events) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = metrics.startWrite();
            return messages.insertBatch(events)
                    .invoke(inserted -> onWritten(sample, events.size(), inserted));
        });
    }

    private void onWritten(Timer.Sample sample, int size, int inserted) {
        metrics.written(sample, size, inserted);
        if (status.failingSince() != null) {
            LOG.infof("Batch write succeeded again after failures since %s", status.failingSince());
        }
        status.succeeded();
    }

    private void onWriteFailed(Throwable failure, int size) {
        metrics.failedAttempt();
        status.failed(failure);
        LOG.warnf("Writing a batch of %d messages failed, retrying with backoff: %s", size, failure.toString());
    }

    private void onGaveUp(Throwable failure, int size) {
        LOG.errorf(failure, "Giving up on a batch of %d messages after %s; nacking it, the channel stops and its"
                + " offsets stay uncommitted", size, options.retryTimeout());
    }

    private void onPoison(ConsumerRecord<String, byte[]> record, String reason) {
        metrics.poison();
        LOG.warnf("Skipping poison record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                reason);
    }
}
