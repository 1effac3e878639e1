package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Payload;
import java.util.function.Supplier;

/**
 * A delivery of this node's stream, or of a session's queue, with the publish-stream record it embeds.
 *
 * @param delivery the decoded delivery
 * @param publishRecord the embedded publish record, byte for byte, for handing a copy back; found when first asked for
 */
record RoutedDelivery(DeliveryEvent delivery, Supplier<Payload> publishRecord) {
}
