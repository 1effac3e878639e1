package io.tsunagu.ingest.transport;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.ControlEvent;
import io.tsunagu.contracts.event.ControlKind;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.handoff.DeliverySink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Hands each delivery of this node's stream to the connections of its recipients, each on its own event loop, and
 * carries out routing's control records ({@link ControlEvent}). A QoS 1 or 2 copy for a recipient not connected here
 * goes back ({@link HandBack}): to its group when it was chosen through a shared subscription, to its session when
 * that persistent session left this node recently ({@link DepartedSessions}); other copies are counted and dropped.
 * A delivery completes once every recipient has it in its queue, so a slow QoS 1 or 2 subscriber pauses the node's
 * delivery stream ({@link OutboundBacklog}). Thread-safe.
 */
@ApplicationScoped
public class DeliveryDispatcher implements DeliverySink {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    private final ConnectionRegistry registry;
    private final IngestMetrics metrics;
    private final NodeIdentity identity;
    private final Duration queueWait;
    @Inject
    HandBack handBack;
    @Inject
    DepartedSessions departed;

    DeliveryDispatcher(ConnectionRegistry registry, IngestMetrics metrics, NodeIdentity identity,
            IngestOptions options) {
        this.registry = registry;
        this.metrics = metrics;
        this.identity = identity;
        this.queueWait = options.mqtt().outboundQueueWait();
    }

    /**
     * Carries out {@code control}. TAKEOVER: the client connected on another node, so its connection here is closed
     * with MQTT 5 DISCONNECT 0x8E [MQTT-3.1.4-3] and its session handed over (DISCONNECTED); completes once that
     * state was written. Nothing to do when the client is not connected here any more.
     */
    @Override
    public Uni<Void> control(ControlEvent control) {
        if (control.kind() != ControlKind.TAKEOVER || identity.nodeId().equals(control.requestingNode())) {
            return Uni.createFrom().voidItem();
        }
        MqttConnection connection = registry.find(Streams.sessionKey(control.tenant(), control.clientId()));
        if (connection == null) {
            LOG.debugf("takeover of client %s by node %s: not connected here", control.clientId(),
                    control.requestingNode());
            return Uni.createFrom().voidItem();
        }
        LOG.debugf("takeover of client %s by node %s", control.clientId(), control.requestingNode());
        return Uni.createFrom().completionStage(() -> connection.takeOver().toCompletionStage())
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> deliver(DeliveryEvent delivery, Supplier<Payload> publishRecord) {
        if (!identity.nodeId().equals(delivery.nodeId())) {
            LOG.warnf("delivery for node %s on node %s dropped", delivery.nodeId(), identity.nodeId());
            metrics.dropped(DropReason.WRONG_NODE, delivery.recipients().size());
            return Uni.createFrom().voidItem();
        }
        return deliverFrom(new RoutedDelivery(delivery, publishRecord), 0);
    }

    /**
     * Hands the message to the recipients from {@code index} on, in order. While every QoS 1 recipient's backlog
     * has room this completes at once; at the first full one it waits (at most the configured outbound queue
     * wait) and then goes on from there, so the delivery stream advances only as fast as its subscribers take
     * messages.
     */
    private Uni<Void> deliverFrom(RoutedDelivery routed, int index) {
        List<Recipient> recipients = routed.delivery().recipients();
        for (int i = index; i < recipients.size(); i++) {
            Recipient recipient = recipients.get(i);
            MqttConnection connection = registry.find(Streams.sessionKey(routed.delivery().publish().tenant(),
                    recipient.clientId()));
            int next = i + 1;
            if (connection == null) {
                Uni<Void> handedBack = handBack(routed, recipient);
                if (handedBack != null) {
                    return handedBack.onItem().transformToUni(ignored -> deliverFrom(routed, next));
                }
                metrics.dropped(DropReason.NOT_CONNECTED);
                continue;
            }
            if (OutboundMessage.outboundQos(recipient) == 0) {
                connection.deliver(routed, recipient);
                continue;
            }
            CompletableFuture<Void> room = connection.backlog().awaitRoom().toCompletableFuture();
            if (!room.isDone()) {
                return awaitRoom(connection, room)
                        .onItem().invoke(() -> handOver(connection, routed, recipient))
                        .onItem().transformToUni(ignored -> deliverFrom(routed, next));
            }
            handOver(connection, routed, recipient);
        }
        return Uni.createFrom().voidItem();
    }

    private static void handOver(MqttConnection connection, RoutedDelivery routed, Recipient recipient) {
        connection.backlog().reserve();
        connection.deliver(routed, recipient);
    }

    /**
     * Hands back a QoS 1 or 2 copy for a client that is not connected here (any more) rather than losing it: one
     * chosen through a shared subscription to its group (MQTT 5 §4.8.2), one for a persistent session that just
     * left this node to that session. The delivery record is committed only after Kafka took it. Null when the copy
     * cannot go back.
     */
    private Uni<Void> handBack(RoutedDelivery routed, Recipient recipient) {
        if (OutboundMessage.outboundQos(recipient) == 0) {
            return null;
        }
        PublishEvent publish = routed.delivery().publish();
        if (!recipient.sharedSubscriptions().isEmpty()) {
            return handBack.toGroups(publish, routed.publishRecord().get(), recipient.sharedSubscriptions(),
                    recipient.clientId());
        }
        String key = Streams.sessionKey(publish.tenant(), recipient.clientId());
        if (departed.contains(key)) {
            return handBack.toSession(publish, routed.publishRecord().get(), key, CopyState.UNSENT);
        }
        return null;
    }

    /**
     * Waits for room; past the configured wait the subscriber counts as stalled and the message is handed over
     * anyway: its full queue drops it and counts it (reason queue-full), as it does with the messages after it
     * until the subscriber makes room. One stuck subscriber must not stop the node's other deliveries.
     */
    private Uni<Void> awaitRoom(MqttConnection connection, CompletableFuture<Void> room) {
        return Uni.createFrom().completionStage(room)
                .ifNoItem().after(queueWait).recoverWithItem(() -> {
                    LOG.debugf("connection %s made no room in its outbound queue within %s; dropping for it",
                            connection.connectionId(), queueWait);
                    connection.backlog().markStalled();
                    return null;
                });
    }
}
