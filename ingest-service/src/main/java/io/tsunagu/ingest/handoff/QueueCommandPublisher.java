package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.codec.QueueCommandCodec;
import io.tsunagu.contracts.stream.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Writes instructions for queue owners ({@link QueueCommand}: consume, cancel, settle, get, recover, channel closed,
 * status, purge, delete) to {@value Streams#QUEUE_CONTROL} (channel {@value #CHANNEL}), keyed by
 * {@link Streams#queueKey} so the owner of the queue reads them in the order a channel wrote them. The producer runs
 * with {@code acks=all} and idempotence (application.properties). Thread-safe.
 */
@ApplicationScoped
public class QueueCommandPublisher {

    /** The outgoing channel of the queue-control stream. */
    public static final String CHANNEL = "queue-control-out";

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    /** Sends {@code command}; completes when Kafka acknowledged it. */
    public Uni<Void> send(QueueCommand command) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(Streams.queueKey(command.vhost(), command.queue()))
                .build();
        return emitter.sendMessage(Message.of(QueueCommandCodec.encode(command), Metadata.of(metadata)));
    }
}
