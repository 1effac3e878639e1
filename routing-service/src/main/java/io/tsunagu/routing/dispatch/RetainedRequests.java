package io.tsunagu.routing.dispatch;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.routing.retained.RetainedMessage;
import io.tsunagu.routing.retained.RetainedStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Sends retained messages to new subscriptions: for a CONNECTED session event whose {@code retainedRequests} is not
 * empty, one RETAINED delivery per matching retained message to the event's node, addressed to that one client.
 * Ingest decides which filters ask for retained messages (Retain Handling, MQTT 5 §3.3.1.3).
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
 * <p>The session record is acknowledged only when Kafka acknowledged every delivery made from it ({@link AckGroup}).
 * Threading: called on the session-action consumer's context; it only reads the store, which never blocks.
 */
final class RetainedRequests {

    private static final Logger LOG = Logger.getLogger(RetainedRequests.class);

    private final RetainedStore store;
    private final RoutingMetrics metrics;

    RetainedRequests(RetainedStore store, RoutingMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** One retained message for one subscriber. */
    private record Delivery(RetainedMessage message, Recipient recipient) {
    }

    /** The RETAINED deliveries that {@code session} asks for; {@code event} is acked once they are. */
    Multi<Message<byte[]>> deliveries(Message<byte[]> event, SessionEvent session) {
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
