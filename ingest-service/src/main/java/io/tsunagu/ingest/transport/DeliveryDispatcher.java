package io.tsunagu.ingest.transport;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.handoff.DeliverySink;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Hands each delivery of this node's stream to the connections of its recipients, each on its own event loop.
 * Recipients not connected here are counted and dropped: their sessions ended with their connections (persistent
 * sessions arrive with issue 3). Thread-safe.
 */
@ApplicationScoped
public class DeliveryDispatcher implements DeliverySink {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

    private final ConnectionRegistry registry;
    private final IngestMetrics metrics;
    private final NodeIdentity identity;

    DeliveryDispatcher(ConnectionRegistry registry, IngestMetrics metrics, NodeIdentity identity) {
        this.registry = registry;
        this.metrics = metrics;
        this.identity = identity;
    }

    @Override
    public Uni<Void> deliver(DeliveryEvent delivery) {
        if (!identity.nodeId().equals(delivery.nodeId())) {
            LOG.warnf("delivery for node %s on node %s dropped", delivery.nodeId(), identity.nodeId());
            metrics.dropped(DropReason.WRONG_NODE, delivery.recipients().size());
            return Uni.createFrom().voidItem();
        }
        String tenant = delivery.publish().tenant();
        for (Recipient recipient : delivery.recipients()) {
            MqttConnection connection = registry.find(Streams.sessionKey(tenant, recipient.clientId()));
            if (connection == null) {
                metrics.dropped(DropReason.NOT_CONNECTED);
            } else {
                connection.deliver(delivery.publish(), recipient);
            }
        }
        return Uni.createFrom().voidItem();
    }
}
