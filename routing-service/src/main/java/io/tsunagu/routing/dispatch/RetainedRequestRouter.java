package io.tsunagu.routing.dispatch;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.routing.retained.RetainedMessage;
import io.tsunagu.routing.retained.RetainedStore;
import io.tsunagu.routing.retained.RetainedStreamReader;
import io.tsunagu.routing.stream.EndOffsets;
import io.tsunagu.routing.stream.StreamBarrier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Sends retained messages to new subscriptions: reads the session stream in the consumer group
 * {@code tsunagu-routing-retained}, so one replica handles each event, and for every event whose
 * {@code retainedRequests} is not empty writes one RETAINED delivery per matching retained message to the event's
 * node, addressed to that one client. Ingest decides which filters ask for retained messages (Retain Handling,
 * MQTT 5 §3.3.1.3); ENDED events and tombstones ask for nothing.
 *
 * <p>For each requested filter, the event's subscription with that filter gives:
 * <ul>
 *   <li>QoS = min(message QoS, granted QoS) [MQTT-3.8.4-8];</li>
 *   <li>the subscription's identifier, if it has one [MQTT-3.3.4-3];</li>
 *   <li>no retained messages at all for a shared subscription [MQTT-3.8.3-4], nor for a filter the event does not
 *       subscribe to.</li>
 * </ul>
 * A message whose Message Expiry Interval has passed since it was received is skipped [MQTT-3.3.2-5]. The delivery
 * embeds the retained record byte for byte and has no source position ({@link DeliverySource#none()}).
 *
 * <p>Retained before subscribe: the event is handled only once the retained store holds every retained record Kafka
 * acknowledged before the event was written (a {@link StreamBarrier} on the retained stream), so a retained PUBLISH
 * acknowledged before the SUBSCRIBE's session event reaches the new subscription.
 *
 * <p>Ack chain: the session record is acknowledged, and so its offset becomes committable by the throttled
 * strategy, only when Kafka acknowledged every delivery made from it ({@link AckGroup}); a failed delivery nacks it
 * and the channel's {@code fail} strategy stops consumption. Where a new consumer group starts reading is decided
 * by {@link RetainedRequestsStart}.
 *
 * <p>Bootstrap: the session stream is subscribed to only once the retained store has caught up with the retained
 * stream. Threading: the transformation runs on the consumer's context; it only reads the store, which never
 * blocks.
 */
@ApplicationScoped
public class RetainedRequestRouter {

    /** The incoming channel of the session stream, in the retained-request consumer group. */
    public static final String REQUESTS = "retained-requests";
    /** The outgoing channel of RETAINED deliveries; each record names its node's delivery stream. */
    public static final String RETAINED_DELIVERIES = "retained-deliveries";

    private static final Logger LOG = Logger.getLogger(RetainedRequestRouter.class);

    private final RetainedStore store;
    private final RetainedStreamReader retained;
    private final RoutingMetrics metrics;
    private final RecordBarrier barrier;

    public RetainedRequestRouter(RetainedStore store, RetainedStreamReader retained, RoutingMetrics metrics,
            EndOffsets endOffsets) {
        this.store = store;
        this.retained = retained;
        this.metrics = metrics;
        this.barrier = new RecordBarrier(new StreamBarrier(Streams.SESSION, retained, endOffsets));
    }

    /** One retained message for one subscriber. */
    private record Delivery(RetainedMessage message, Recipient recipient) {
    }

    /** Turns session events with retained requests into RETAINED deliveries, once the store has caught up. */
    @Incoming(REQUESTS)
    @Outgoing(RETAINED_DELIVERIES)
    public Multi<Message<byte[]>> route(Multi<Message<byte[]>> events) {
        return Uni.createFrom().completionStage(retained::caughtUp)
                .onItem().transformToMulti(caughtUp -> events)
                .onItem().transformToMultiAndConcatenate(this::handle);
    }

    private Multi<Message<byte[]>> handle(Message<byte[]> message) {
        SessionEvent event = requestingEvent(message);
        if (event == null) {
            message.ack();
            return Multi.createFrom().empty();
        }
        return barrier.await(message)
                .onItem().transformToMulti(ready -> deliveries(message, event));
    }

    /** The event of {@code message} if it asks for retained messages, else null. */
    private static SessionEvent requestingEvent(Message<byte[]> message) {
        if (message.getPayload() == null) {
            return null;
        }
        try {
            SessionEvent event = SessionCodec.decode(message.getPayload());
            boolean requests = event.state() == SessionState.CONNECTED && !event.retainedRequests().isEmpty();
            return requests ? event : null;
        } catch (CodecException e) {
            // The session reader logs and counts undecodable session records; one warning is enough.
            LOG.debugf("Skipping undecodable session record: %s", e.getMessage());
            return null;
        }
    }

    private Multi<Message<byte[]>> deliveries(Message<byte[]> event, SessionEvent session) {
        List<Delivery> deliveries = matches(session, Instant.now());
        if (deliveries.isEmpty()) {
            event.ack();
            return Multi.createFrom().empty();
        }
        AckGroup group = new AckGroup(deliveries.size(), event::ack, event::nack, () -> { });
        return Multi.createFrom().iterable(deliveries)
                .onItem().transform(delivery -> toMessage(session.nodeId(), delivery, group));
    }

    private List<Delivery> matches(SessionEvent session, Instant now) {
        List<Delivery> deliveries = new ArrayList<>();
        for (String filter : session.retainedRequests()) {
            Optional<Subscription> subscription = subscriptionFor(session, filter);
            if (subscription.isEmpty()) {
                LOG.debugf("No retained messages for %s of client %s: not a subscription of the event, or shared",
                        filter, session.clientId());
                continue;
            }
            for (RetainedMessage message : store.match(session.tenant(), filter)) {
                if (message.isExpiredAt(now)) {
                    metrics.retainedExpired();
                } else {
                    deliveries.add(new Delivery(message, recipient(session.clientId(), subscription.get(), message)));
                }
            }
        }
        return deliveries;
    }

    /** The event's subscription with {@code filter}; never a shared one [MQTT-3.8.3-4]. */
    private static Optional<Subscription> subscriptionFor(SessionEvent session, String filter) {
        if (TopicFilter.isShared(filter)) {
            return Optional.empty();
        }
        return session.subscriptions().stream()
                .filter(subscription -> subscription.filter().equals(filter))
                .findFirst();
    }

    private static Recipient recipient(String clientId, Subscription subscription, RetainedMessage message) {
        List<Integer> ids = subscription.subscriptionId() == 0 ? List.of() : List.of(subscription.subscriptionId());
        return new Recipient(clientId, Math.min(message.qos(), subscription.qos()), subscription.retainAsPublished(),
                ids);
    }

    private Message<byte[]> toMessage(String nodeId, Delivery delivery, AckGroup group) {
        return Message.of(
                DeliveryCodec.encode(new DeliveryCodec.Envelope(nodeId, DeliveryKind.RETAINED, DeliverySource.none()),
                        List.of(delivery.recipient()), delivery.message().record()),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Streams.deliveryStream(nodeId))
                        .withKey(nodeId)
                        .build()),
                () -> {
                    metrics.retainedDelivered();
                    return group.ack();
                },
                group::nack);
    }
}
