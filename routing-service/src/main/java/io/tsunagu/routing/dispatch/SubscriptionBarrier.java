package io.tsunagu.routing.dispatch;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.session.SessionStreamReader;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Makes every subscription acknowledged before a message was published apply to that message.
 *
 * <p>Ingest sends SUBACK (and UNSUBACK) only after Kafka acknowledged the session event, so any publish that follows
 * it is written to the publish stream after that session record. Routing reads the two streams with separate
 * consumers, though, and could route such a publish before its session reader applied the event: the first
 * messages after a SUBACK would be lost. So before a publish record at offset {@code o} of partition {@code p} is
 * routed, the router waits until the session reader has passed a snapshot of the session stream's end offsets that
 * was taken after the publish stream's end offset of {@code p} exceeded {@code o}: that snapshot contains every
 * session record acknowledged before the publish was written.
 *
 * <p>A snapshot costs two offset look-ups and covers every record below its publish end offset, so under load one
 * snapshot covers many records and most records pass without waiting; an idle stream pays the look-ups (about a
 * millisecond on a local network) once per record.
 *
 * <p>Threading: called from the publish consumer's context, one record at a time per partition; results come back
 * on that context.
 */
@Singleton
public class SubscriptionBarrier implements AutoCloseable {

    private final SessionStreamReader sessions;
    private final Admin admin;
    private final Map<Integer, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** The session stream's end offsets, read after the publish partition's end offset was read. */
    private record Snapshot(long publishEnd, Map<TopicPartition, Long> sessionEnds) {
    }

    @Inject
    public SubscriptionBarrier(SessionStreamReader sessions,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.sessions = sessions;
        this.admin = Admin.create(adminConfig(kafkaConfig));
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** Completes, on the caller's context, once routing {@code publish} sees every earlier acknowledged session. */
    public Uni<Void> await(Message<byte[]> publish) {
        var record = publish.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (record == null) {
            return Uni.createFrom().voidItem();
        }
        Snapshot known = snapshots.get(record.getPartition());
        if (known != null && record.getOffset() < known.publishEnd()) {
            return onCallerContext(sessions.reached(known.sessionEnds()));
        }
        return onCallerContext(snapshot(record.getPartition())
                .thenCompose(snapshot -> sessions.reached(snapshot.sessionEnds())));
    }

    private CompletionStage<Snapshot> snapshot(int partition) {
        TopicPartition publishPartition = new TopicPartition(Streams.PUBLISH, partition);
        return endOffsets(Map.of(publishPartition, OffsetSpec.latest()))
                .thenCompose(publishEnds -> endOffsets(sessionPartitions())
                        .thenApply(sessionEnds -> new Snapshot(publishEnds.get(publishPartition), sessionEnds)))
                .thenApply(snapshot -> {
                    snapshots.merge(partition, snapshot,
                            (old, fresh) -> fresh.publishEnd() >= old.publishEnd() ? fresh : old);
                    return snapshot;
                });
    }

    private Map<TopicPartition, OffsetSpec> sessionPartitions() {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        sessions.partitions().forEach(partition -> partitions.put(partition, OffsetSpec.latest()));
        return partitions;
    }

    private CompletionStage<Map<TopicPartition, Long>> endOffsets(Map<TopicPartition, OffsetSpec> partitions) {
        return admin.listOffsets(partitions).all().toCompletionStage().thenApply(SubscriptionBarrier::offsets);
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> all) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        all.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** Resumes on the Vert.x context that called, not on the Kafka client or reader thread that completed. */
    private static Uni<Void> onCallerContext(CompletionStage<?> stage) {
        Uni<Void> done = Uni.createFrom().completionStage(stage).replaceWithVoid();
        Context context = Vertx.currentContext();
        return context == null ? done : done.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private static Map<String, Object> adminConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>();
        AdminClientConfig.configNames().forEach(name -> {
            if (kafkaConfig.containsKey(name)) {
                config.put(name, kafkaConfig.get(name));
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tsunagu-routing-barrier");
        return config;
    }
}
