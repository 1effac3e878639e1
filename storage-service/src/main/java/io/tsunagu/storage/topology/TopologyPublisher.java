package io.tsunagu.storage.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tsunagu.storage.config.StorageOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes topology changes to the compacted stream {@code tsunagu.topology} with acks=all and idempotence, in the
 * order given (one key always goes to one partition, so each entity's changes keep their order). A change is a
 * {@link TopologyChange}: a JSON value, or a tombstone when the entity is gone. Thread-safe (KafkaProducer is).
 */
@ApplicationScoped
public class TopologyPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topic;

    TopologyPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, StorageOptions options,
            ObjectMapper json) {
        this.json = json;
        this.topic = options.topology().topic();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "tsunagu-storage-topology",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) options.topology().sendTimeout().toMillis(),
                // delivery.timeout.ms must cover linger.ms plus request.timeout.ms.
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) options.topology().sendTimeout().toMillis() / 2,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, options.topology().sendTimeout().toMillis()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends the changes; completes when Kafka acknowledged all of them, fails when one was not. */
    public Uni<Void> publish(List<TopologyChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // send() may block while it fetches the topic's metadata: never on the event loop.
        return Uni.createFrom().completionStage(() -> CompletableFuture.allOf(
                        changes.stream().map(this::send).toArray(CompletableFuture[]::new)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .replaceWithVoid();
    }

    void onStop(@Observes ShutdownEvent event) {
        producer.close();
    }

    private CompletableFuture<Void> send(TopologyChange change) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, change.key(), toValue(change)), (metadata, error) -> {
            if (error == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(error);
            }
        });
        return acked;
    }

    private byte[] toValue(TopologyChange change) {
        if (change.value() == null) {
            return null;
        }
        try {
            return json.writeValueAsBytes(change.value());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("topology change not serialisable: " + change.key(), e);
        }
    }
}
