package io.tsunagu.ingest.transport;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.handoff.DeliverySink;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Hands each delivery of this node's stream to the connections of its recipients, each on its own event loop.
 * Recipients not connected here are counted and dropped: their sessions ended with their connections (persistent
 * sessions arrive with issue 3); but a QoS 1 or 2 copy chosen through a shared subscription goes back to its group
 * ({@link SharedHandBack}). A delivery completes once every recipient has it in its queue, so a slow QoS 1 or 2
 * subscriber pauses the node's delivery stream ({@link OutboundBacklog}). Thread-safe.
 */
@ApplicationScoped
public class DeliveryDispatcher implements DeliverySink {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    private final ConnectionRegistry registry;
    private final IngestMetrics metrics;
    private final NodeIdentity identity;
    private final Duration queueWait;
    private final SharedHandBack sharedHandBack;

    DeliveryDispatcher(ConnectionRegistry registry, IngestMetrics metrics, NodeIdentity identity,
            IngestOptions options, SharedHandBack handBack) {
        this.registry = registry;
        this.metrics = metrics;
        this.identity = identity;
        this.queueWait = options.mqtt().outboundQueueWait();
        this.sharedHandBack = handBack;
    }

    @Override
    public Uni<Void> deliver(DeliveryEvent delivery, Payload publishRecord) {
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
                if (isHandedBack(recipient)) {
                    return handBack(routed, recipient).onItem().transformToUni(ignored -> deliverFrom(routed, next));
                }
                metrics.dropped(DropReason.NOT_CONNECTED);
                continue;
            }
            if (DeliveryFlow.outboundQos(recipient) == 0) {
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
     * A QoS 1 or 2 copy chosen through a shared subscription for a client that is not connected here (any more)
     * goes back to its group rather than being lost (MQTT 5 §4.8.2).
     */
    private static boolean isHandedBack(Recipient recipient) {
        return DeliveryFlow.outboundQos(recipient) > 0 && !recipient.sharedSubscriptions().isEmpty();
    }

    /** Hands the copy back; the delivery record is committed only after Kafka took it. */
    private Uni<Void> handBack(RoutedDelivery routed, Recipient recipient) {
        return sharedHandBack.handBack(routed.delivery().publish(), routed.publishRecord(),
                recipient.sharedSubscriptions(), recipient.clientId());
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
