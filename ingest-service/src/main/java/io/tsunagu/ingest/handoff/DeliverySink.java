package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Payload;

/**
 * Where the deliveries of this node go: implemented by the listener side, which owns the connections. The
 * returned {@link Uni} completes once the delivery has been handed to the recipients' connections; the record is
 * acknowledged (its offset committed) after that.
 */
public interface DeliverySink {

    /**
     * Hands {@code delivery} to the connections of its recipients on this node. {@code publishRecord} is the
     * publish-stream record the delivery embeds, byte for byte, for handing a copy back to its shared subscription
     * ({@link IngestPublisher#handBack}); it is empty when no recipient was chosen through a shared subscription.
     */
    Uni<Void> deliver(DeliveryEvent delivery, Payload publishRecord);
}
