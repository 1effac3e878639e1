package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Payload;

/**
 * A delivery of this node's stream with the publish-stream record it embeds.
 *
 * @param delivery the decoded delivery
 * @param publishRecord the embedded publish record, byte for byte, for handing a shared-subscription copy back;
 *     empty when no recipient was chosen through a shared subscription
 */
record RoutedDelivery(DeliveryEvent delivery, Payload publishRecord) {
}
