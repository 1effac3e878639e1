package io.tsunagu.contracts.amqp;

/** What an {@link AmqpDelivery} tells a channel. */
public enum AmqpDeliveryKind {
    /** basic.deliver to {@code consumerTag}: a message from {@code queue} at {@code queueOffset}. */
    DELIVER,
    /** basic.get-ok for {@code requestId}, with the message and the count of messages left. */
    GET_OK,
    /** basic.get-empty for {@code requestId}. */
    GET_EMPTY,
    /**
     * The answer to a CONSUME, STATUS, PURGE or DELETE command {@code requestId}: {@code replyCode} 200 with the
     * counts, or a channel error code with its text (403, 404, 406).
     */
    REPLY,
    /** basic.cancel from the server: the consumer {@code consumerTag} is gone (its queue was deleted). */
    CANCEL,
    /** The publish {@code requestId} (publish sequence number) was routed: in every queue it reached (confirm ack). */
    OUTCOME,
    /**
     * basic.return of the publish {@code requestId}: mandatory and unroutable ({@code replyCode} 312 NO_ROUTE);
     * always written before that publish's OUTCOME.
     */
    RETURN
}
