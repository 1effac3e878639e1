package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.amqp.AmqpDelivery;

/**
 * Where the AMQP records of this node's delivery stream go (deliveries, get answers, owner replies, publish
 * outcomes and returns): implemented by the AMQP listener, which owns the channels. The returned {@link Uni}
 * completes once the record was handed to its channel (or handed back to its queue when the channel is gone); the
 * record is acknowledged after that.
 */
public interface AmqpDeliverySink {

    /** Hands {@code delivery} to the channel it names. */
    Uni<Void> deliver(AmqpDelivery delivery);
}
