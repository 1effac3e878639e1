package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.ingest.config.IngestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Hands accepted messages to the publish stream ({@value Streams#PUBLISH}, channel {@value #CHANNEL}) and retained
 * ones also to the retained stream ({@value Streams#RETAINED}, channel {@value #RETAINED_CHANNEL}); hands copies
 * that a recipient left unacknowledged back to the publish stream ({@link #handBack}).
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

    /**
     * Encodes an AMQP basic.publish and sends it to the publish stream through the same producer ({@code acks=all},
     * idempotent) keyed by {@link Streams#amqpPublishKey} (vhost and publishing channel, so a channel's messages stay
     * in order); completes only when Kafka acknowledged it.
     */
    public Uni<Void> publishAmqp(AmqpPublishEvent event) {
        return sendToPublishStream(Streams.amqpPublishKey(event.vhost(), event.publisher()),
                AmqpPublishCodec.encode(event));
    }

    /**
     * Writes a copy that its recipient will never acknowledge back to the publish stream, for routing to deliver it
     * elsewhere: {@code publishRecord} unchanged (same message id, so storage keeps the message once), under
     * {@code key} (tenant and topic, as the original), with {@code headers} (UTF-8 values) saying where it goes: for
     * a shared subscription {@value Streams#SHARE_TARGET_HEADER} and {@value Streams#SHARE_EXCLUDE_HEADER} (another
     * member of the group, MQTT 5 §4.8.2); for a persistent session {@value Streams#SESSION_TARGET_HEADER}, and
     * {@value Streams#DUP_HEADER} when the copy had been sent once. Completes when Kafka acknowledged the record.
     *
     * <p>It goes through the publish stream's own emitter and producer: the same topic, {@code acks=all} and
     * idempotence, and no second producer (connections, buffers, configuration) for a record that is rare.
     */
    public Uni<Void> handBack(Payload publishRecord, String key, Map<String, String> headers) {
        List<RecordHeader> kafkaHeaders = new ArrayList<>(headers.size());
        headers.forEach((name, value) -> kafkaHeaders.add(new RecordHeader(name, utf8(value))));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(kafkaHeaders)
                .build();
        return emitter.sendMessage(Message.of(exactBytes(publishRecord), Metadata.of(metadata)));
    }

    private Uni<Void> sendToPublishStream(String key, byte[] record) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .build();
        return emitter.sendMessage(Message.of(record, Metadata.of(metadata)));
    }

    /** The bytes of {@code view}: its array when the view covers all of it, else a copy. */
    private static byte[] exactBytes(Payload view) {
        byte[] array = view.array();
        return view.offset() == 0 && view.length() == array.length ? array : view.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The retained record of {@code key}: the publish record, or null (a tombstone) to remove it. */
    private Uni<Void> sendToRetainedStream(String key, byte[] recordOrNull) {
        return retainedEmitter.send(Record.of(key, recordOrNull));
    }
}
