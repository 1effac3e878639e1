package io.tsunagu.contracts.amqp;

/** What a {@link QueueCommand} asks of a queue's owner. */
public enum QueueCommandKind {
    /**
     * basic.consume: register {@code consumerTag} on {@code channel} with {@code prefetch} (0 = unlimited) and the
     * flags {@link QueueCommand#NO_ACK} and {@link QueueCommand#EXCLUSIVE}; answered with a
     * {@link AmqpDeliveryKind#REPLY} (200, or 403 ACCESS_REFUSED when another consumer holds the queue exclusively)
     * before any delivery to it.
     */
    CONSUME,
    /** basic.cancel of {@code consumerTag}: no further deliveries; its unacknowledged messages stay with the channel. */
    CANCEL,
    /**
     * basic.ack / basic.nack / basic.reject of the messages at {@code offsets}: {@link QueueCommand#REQUEUE} puts
     * them back in their place with redelivered set, {@link QueueCommand#DISCARD} drops (or dead-letters) them,
     * neither flag acknowledges them.
     */
    SETTLE,
    /** basic.get: one message, answered with {@link AmqpDeliveryKind#GET_OK} or {@link AmqpDeliveryKind#GET_EMPTY}. */
    GET,
    /** basic.recover (requeue): every unacknowledged message of {@code channel} in this queue goes back. */
    RECOVER,
    /** The channel (or its connection) closed: its consumers go and its unacknowledged messages go back. */
    CHANNEL_CLOSED,
    /** queue.declare's counts: answered with a {@link AmqpDeliveryKind#REPLY} with message and consumer counts. */
    STATUS,
    /** queue.purge: the ready messages go; answered with a REPLY with the count purged. */
    PURGE,
    /**
     * queue.delete's conditions: {@link QueueCommand#IF_UNUSED} / {@link QueueCommand#IF_EMPTY}; answered with a
     * REPLY: 200 with the message count, or 406 PRECONDITION_FAILED. The queue itself goes when storage's
     * topology removes it.
     */
    DELETE
}
