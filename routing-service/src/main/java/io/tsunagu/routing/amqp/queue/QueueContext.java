package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.ChannelRef;

/**
 * What an {@link OwnedQueue} needs from its owner: the delivery streams, the body budget, and the queue-state
 * stream. Owner thread only.
 */
interface QueueContext {

    /**
     * Hands {@code delivery} to the producer of its channel's node stream; false when it could not be handed over
     * (the node's stream does not exist): the queue then treats the channel as gone.
     */
    boolean send(AmqpDelivery delivery);

    /** Whether a message record of {@code recordSize} bytes may be kept in memory; counts it when so. */
    boolean keep(int recordSize);

    /** The message of {@code message}: kept in memory, or read back from tsunagu.queue; null when it is gone. */
    AmqpMessage messageOf(OwnedQueue queue, QueuedMessage message);

    /** {@code message} is settled: its body no longer counts against the budget. */
    void settled(QueuedMessage message);

    /**
     * Raises the queue's delivered bound past everything read so far and persists its state, before a delivery
     * above the bound persisted: so a new owner knows which messages may have been delivered.
     */
    void reserveDelivery(OwnedQueue queue);

    /** Persists the queue's state now and waits for Kafka: before a reply that depends on it (purge, delete). */
    void persistNow(OwnedQueue queue);

    /** When {@code channel} was first heard of (epoch ms of its first command, ingest's clock). */
    long channelSince(ChannelRef channel);

    /** The last consumer of the auto-delete queue {@code queue} went: storage is asked to delete the queue. */
    void lastConsumerGone(OwnedQueue queue);

    /** The queue {@code queue} was unused for its x-expires: storage is asked to delete it. */
    void unused(OwnedQueue queue);

    /**
     * Republishes {@code message}, dead-lettered from {@code queue}'s offset {@code offset}; once Kafka answered,
     * the owner calls {@link OwnedQueue#deadLettered} on its thread.
     */
    void deadLetter(OwnedQueue queue, long offset, AmqpMessage message);

    /** A message left without a dead-letter exchange for {@code reason} (counted). */
    void dropped(String reason);
}
