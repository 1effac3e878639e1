package io.tsunagu.routing.dispatch;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.codec.AmqpDeliveryCodec;
import io.tsunagu.contracts.stream.Streams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes what becomes of AMQP publishes ({@link AmqpDelivery} RETURN and OUTCOME) to the publishers' nodes' delivery
 * streams, through a channel of its own, {@value #CHANNEL} (acks=all, idempotent).
 *
 * <p>When: the OUTCOME (the confirm) of a publish routed to queues may be written only once Kafka acknowledged every
 * record made from it (an ack means the message is in every queue). Waiting for that in the publish channel would
 * hold every publish behind a Kafka round trip, hence the separate channel.
 *
 * <p>Order: the answers of one publishing channel are written in the order of its publishes, whatever order their
 * records are acknowledged in, so that ingest can confirm with {@code multiple} and a RETURN precedes its OUTCOME.
 * Each publish that wants an answer {@linkplain #reserve reserves} its place when it is routed (the publish stream
 * keeps a channel's publishes in one partition, in order); its answers are handed to the producer only after the
 * previous place's were. Handing over is enough: one idempotent producer keeps the order of the records it is given
 * for one partition, and a node's delivery stream has one partition.
 *
 * <p>The emitter's buffer is unbounded: what waits there is bounded by the publishes whose records are in flight,
 * which the delivery channel's {@code max-inflight-messages} bounds. Any thread.
 */
@ApplicationScoped
public class OutcomeWriter {

    /** The outgoing channel of publish answers. */
    public static final String CHANNEL = "amqp-outcomes";

    private static final CompletableFuture<Void> FREE = CompletableFuture.completedFuture(null);

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<byte[]> emitter;

    /** Per publishing channel: done once the answers of its latest reserved place were handed over. */
    private final Map<ChannelRef, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** Reserves the next place in {@code channel}'s answers; call in publish order, then write or release it. */
    Place reserve(ChannelRef channel) {
        CompletableFuture<Void> handedOver = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(channel, handedOver);
        return new Place(channel, previous == null ? FREE : previous, handedOver);
    }

    /** One publish's place in its channel's answers. */
    final class Place {
        private final ChannelRef channel;
        private final CompletableFuture<Void> previous;
        private final CompletableFuture<Void> handedOver;

        private Place(ChannelRef channel, CompletableFuture<Void> previous, CompletableFuture<Void> handedOver) {
            this.channel = channel;
            this.previous = previous;
            this.handedOver = handedOver;
        }

        /**
         * Writes {@code answers} in order once the previous place's are handed over; completes when Kafka
         * acknowledged all of them, or fails.
         */
        CompletionStage<Void> write(List<AmqpDelivery> answers) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            previous.whenComplete((ignored, error) -> {
                CompletableFuture<?>[] sends = answers.stream()
                        .map(answer -> emitter.sendMessage(record(answer)).subscribeAsCompletionStage())
                        .toArray(CompletableFuture[]::new);
                release();
                CompletableFuture.allOf(sends).whenComplete((done, failure) -> {
                    if (failure == null) {
                        acked.complete(null);
                    } else {
                        acked.completeExceptionally(failure);
                    }
                });
            });
            return acked;
        }

        /** Gives the place up without writing anything (the publish wants no answer, or failed). */
        void release() {
            previous.whenComplete((ignored, error) -> {
                handedOver.complete(null);
                tails.remove(channel, handedOver);
            });
        }
    }

    private static Message<byte[]> record(AmqpDelivery answer) {
        String nodeId = answer.channel().nodeId();
        return Message.of(AmqpDeliveryCodec.encode(answer), Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Streams.deliveryStream(nodeId))
                .withKey(nodeId)
                .build()));
    }
}
