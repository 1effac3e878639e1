package io.tsunagu.contracts.event;

import java.util.List;
import java.util.Objects;

/**
 * A routed message for the subscribers connected to one ingest node: the record of that node's delivery stream.
 *
 * <p>Routing matches a publish once and sends one delivery per node that holds matching subscribers, listing
 * them; the node fans the message out to their connections.
 *
 * @param nodeId the ingest node the delivery is addressed to
 * @param recipients the subscribers on that node, each at most once
 * @param publish the routed message
 * @param kind live routing, or a retained message sent for a new subscription
 * @param source the message's position in the publish stream, for recognising repeats after a routing crash
 */
public record DeliveryEvent(String nodeId, List<Recipient> recipients, PublishEvent publish, DeliveryKind kind,
        DeliverySource source) {

    public DeliveryEvent {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        recipients = List.copyOf(recipients);
    }

    /** A live delivery without a known stream position. */
    public DeliveryEvent(String nodeId, List<Recipient> recipients, PublishEvent publish) {
        this(nodeId, recipients, publish, DeliveryKind.LIVE, DeliverySource.none());
    }
}
