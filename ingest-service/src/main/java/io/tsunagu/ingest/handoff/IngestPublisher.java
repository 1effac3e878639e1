package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.ingest.config.IngestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Hands accepted messages to the publish stream ({@value Streams#PUBLISH}, channel {@value #CHANNEL}) and retained
 * ones also to the retained stream ({@value Streams#RETAINED}, channel {@value #RETAINED_CHANNEL}).
 *
 * <p>Both producers run with {@code acks=all} and idempotence (application.properties), so the returned
 * {@link Uni} completing means every in-sync replica has the record, or both records of a retained message: only
 * then may the client get its PUBACK (or PUBREC). Thread-safe.
 */
@ApplicationScoped
public class IngestPublisher {

    /** The outgoing channel of the publish stream. */
    public static final String CHANNEL = "publish-out";
    /** The outgoing channel of the retained stream. */
    public static final String RETAINED_CHANNEL = "retained-out";

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    @Inject
    @Channel(RETAINED_CHANNEL)
    MutinyEmitter<Record<String, byte[]>> retainedEmitter;

    @Inject
    IngestOptions options;

    /**
     * Encodes {@code event} now (the payload's one copy, into the record) and returns a {@link Uni} that, when
     * subscribed, sends it keyed by tenant and topic, and completes only when Kafka acknowledged it. A message with
     * RETAIN 1 (while {@code tsunagu.ingest.mqtt.retain-available} is true) is also written to the retained stream
     * under the same key, and the {@link Uni} completes only when Kafka acknowledged both records: its payload
     * becomes the topic's retained message, or an empty payload removes it (a tombstone) [MQTT-3.3.1-6]; QoS 0
     * messages are retained too [MQTT-3.3.1-7]. The two writes are not atomic: when one fails the client gets no
     * acknowledgement and resends, which may repeat the other.
     */
    public Uni<Void> publish(PublishEvent event) {
        byte[] record = PublishCodec.encode(event);
        String key = Streams.publishKey(event.tenant(), event.topic());
        Uni<Void> published = sendToPublishStream(key, record);
        if (!event.retain() || !options.mqtt().retainAvailable()) {
            return published;
        }
        return Uni.combine().all()
                .unis(published, sendToRetainedStream(key, event.payload().isEmpty() ? null : record))
                .discardItems();
    }

    private Uni<Void> sendToPublishStream(String key, byte[] record) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .build();
        return emitter.sendMessage(Message.of(record, Metadata.of(metadata)));
    }

    /** The retained record of {@code key}: the publish record, or null (a tombstone) to remove it. */
    private Uni<Void> sendToRetainedStream(String key, byte[] recordOrNull) {
        return retainedEmitter.send(Record.of(key, recordOrNull));
    }
}
