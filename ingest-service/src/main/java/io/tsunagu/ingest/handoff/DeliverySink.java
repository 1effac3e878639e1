package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.DeliveryEvent;

/**
 * Where the deliveries of this node go: implemented by the listener side, which owns the connections. The
 * returned {@link Uni} completes once the delivery has been handed to the recipients' connections; the record is
 * acknowledged (its offset committed) after that.
 */
public interface DeliverySink {

    /** Hands {@code delivery} to the connections of its recipients on this node. */
    Uni<Void> deliver(DeliveryEvent delivery);
}
