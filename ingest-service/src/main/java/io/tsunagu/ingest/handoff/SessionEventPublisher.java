package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.codec.NodeCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.stream.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Hands session states to the session stream ({@value Streams#SESSION}, channel {@value #CHANNEL}), keyed by
 * tenant and client id so that all events of one client land in one partition, in the order they were sent by
 * this one producer; and this node's heartbeats, keyed by node. Thread-safe.
 */
@ApplicationScoped
public class SessionEventPublisher {

    /** The outgoing channel of the session stream. */
    public static final String CHANNEL = "session-out";

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    /**
     * A {@link Uni} that sends this node's heartbeat {@code event} when subscribed, keyed by
     * {@link Streams#nodeKey}, and completes when Kafka acknowledged it.
     */
    public Uni<Void> publish(NodeEvent event) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(Streams.nodeKey(event.nodeId()))
                .build();
        return emitter.sendMessage(Message.of(NodeCodec.encode(event), Metadata.of(metadata)));
    }

    /** A {@link Uni} that sends {@code event} when subscribed and completes when Kafka acknowledged it. */
    public Uni<Void> publish(SessionEvent event) {
        byte[] record = SessionCodec.encode(event);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(Streams.sessionKey(event.tenant(), event.clientId()))
                .build();
        return emitter.sendMessage(Message.of(record, Metadata.of(metadata)));
    }
}
