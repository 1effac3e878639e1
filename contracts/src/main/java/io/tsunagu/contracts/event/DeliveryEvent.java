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
 */
public record DeliveryEvent(String nodeId, List<Recipient> recipients, PublishEvent publish) {

    public DeliveryEvent {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(publish, "publish");
        recipients = List.copyOf(recipients);
    }
}
