package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Hands accepted messages to the publish stream ({@value Streams#PUBLISH}, channel {@value #CHANNEL}).
 *
 * <p>The producer runs with {@code acks=all} and idempotence (application.properties), so the returned
 * {@link Uni} completing means every in-sync replica has the record: only then may the client get its PUBACK.
 * Thread-safe.
 */
@ApplicationScoped
public class IngestPublisher {

    /** The outgoing channel of the publish stream. */
    public static final String CHANNEL = "publish-out";

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    /**
     * Encodes {@code event} now (the payload's one copy, into the record) and returns a {@link Uni} that, when
     * subscribed, sends it keyed by tenant and topic, and completes only when Kafka acknowledged it.
     */
    public Uni<Void> publish(PublishEvent event) {
        byte[] record = PublishCodec.encode(event);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(Streams.publishKey(event.tenant(), event.topic()))
                .build();
        return emitter.sendMessage(Message.of(record, Metadata.of(metadata)));
    }
}
