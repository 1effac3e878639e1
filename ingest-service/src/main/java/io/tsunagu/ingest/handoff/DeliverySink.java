package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.ControlEvent;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.Payload;
import java.util.function.Supplier;

/**
 * Where the deliveries of this node go: implemented by the listener side, which owns the connections. The
 * returned {@link Uni} completes once the delivery has been handed to the recipients' connections; the record is
 * acknowledged (its offset committed) after that.
 */
public interface DeliverySink {

    /**
     * Hands {@code delivery} to the connections of its recipients on this node. {@code publishRecord} gives the
     * publish-stream record the delivery embeds, byte for byte, for handing a copy back to its shared subscription
     * or its persistent session ({@link IngestPublisher#handBack}); it is found only when asked for.
     */
    Uni<Void> deliver(DeliveryEvent delivery, Supplier<Payload> publishRecord);

    /** Carries out {@code control}, an instruction from routing to this node; completes once it was carried out. */
    Uni<Void> control(ControlEvent control);
}
