package io.tsunagu.ingest.transport;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.DeliveryEvent;
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
 * sessions arrive with issue 3). A delivery completes once every recipient has it in its queue, so a slow QoS 1 or 2
 * subscriber pauses the node's delivery stream ({@link OutboundBacklog}). Thread-safe.
 */
@ApplicationScoped
public class DeliveryDispatcher implements DeliverySink {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    private final ConnectionRegistry registry;
    private final IngestMetrics metrics;
    private final NodeIdentity identity;
    private final Duration queueWait;

    DeliveryDispatcher(ConnectionRegistry registry, IngestMetrics metrics, NodeIdentity identity,
            IngestOptions options) {
        this.registry = registry;
        this.metrics = metrics;
        this.identity = identity;
        this.queueWait = options.mqtt().outboundQueueWait();
    }

    @Override
    public Uni<Void> deliver(DeliveryEvent delivery) {
        if (!identity.nodeId().equals(delivery.nodeId())) {
            LOG.warnf("delivery for node %s on node %s dropped", delivery.nodeId(), identity.nodeId());
            metrics.dropped(DropReason.WRONG_NODE, delivery.recipients().size());
            return Uni.createFrom().voidItem();
        }
        return deliverFrom(delivery, 0);
    }

    /**
     * Hands the message to the recipients from {@code index} on, in order. While every QoS 1 recipient's backlog
     * has room this completes at once; at the first full one it waits (at most the configured outbound queue
     * wait) and then goes on from there, so the delivery stream advances only as fast as its subscribers take
     * messages.
     */
    private Uni<Void> deliverFrom(DeliveryEvent delivery, int index) {
        List<Recipient> recipients = delivery.recipients();
        for (int i = index; i < recipients.size(); i++) {
            Recipient recipient = recipients.get(i);
            MqttConnection connection = registry.find(Streams.sessionKey(delivery.publish().tenant(),
                    recipient.clientId()));
            if (connection == null) {
                metrics.dropped(DropReason.NOT_CONNECTED);
                continue;
            }
            if (DeliveryFlow.outboundQos(recipient) == 0) {
                connection.deliver(delivery, recipient);
                continue;
            }
            CompletableFuture<Void> room = connection.backlog().awaitRoom().toCompletableFuture();
            if (!room.isDone()) {
                int next = i + 1;
                return awaitRoom(connection, room)
                        .onItem().invoke(() -> handOver(connection, delivery, recipient))
                        .onItem().transformToUni(ignored -> deliverFrom(delivery, next));
            }
            handOver(connection, delivery, recipient);
        }
        return Uni.createFrom().voidItem();
    }

    private static void handOver(MqttConnection connection, DeliveryEvent delivery, Recipient recipient) {
        connection.backlog().reserve();
        connection.deliver(delivery, recipient);
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
