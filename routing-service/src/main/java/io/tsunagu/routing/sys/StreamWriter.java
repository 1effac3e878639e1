package io.tsunagu.routing.sys;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Writes the records that routing makes on its own rather than from a consumed record: the {@code $SYS} statistics
 * ({@link SysPublisher}), and the wills and session events of the session timers ({@link SessionTimers}). One
 * producer channel, {@value #CHANNEL}, with acks=all and idempotence, as ingest writes; each record names its stream.
 * Any thread.
 */
@ApplicationScoped
public class StreamWriter {

    /** The outgoing channel of routing's own records. */
    public static final String CHANNEL = "own-records";

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    /**
     * Writes {@code record} (null: a tombstone) with {@code key} to {@code stream}; completes once Kafka acknowledged
     * it, or fails.
     */
    public Uni<Void> write(String stream, String key, byte[] record) {
        return emitter.sendMessage(Message.of(record, Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(stream)
                .withKey(key)
                .build())));
    }
}
