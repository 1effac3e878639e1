package io.tsunagu.contracts.amqp;

import java.util.Objects;

/**
 * What a queue's owner or the router tells one AMQP channel: a record of the channel's node's delivery stream
 * ({@link io.tsunagu.contracts.stream.Streams#deliveryStream}). One record type for every kind keeps the node's
 * stream in the order it was written: a consume's REPLY precedes its first DELIVER, a RETURN precedes its OUTCOME.
 *
 * @param kind what it tells
 * @param channel the channel it is for
 * @param consumerTag DELIVER, CANCEL: the consumer; else {@code ""}
 * @param requestId GET_OK, GET_EMPTY, REPLY: the command's request id; OUTCOME, RETURN: the publish sequence
 *     number; else 0
 * @param queue DELIVER, GET_OK: the queue; else {@code ""}
 * @param queueOffset DELIVER, GET_OK: the message's offset in the queue stream (what a settlement names); else -1
 * @param redelivered DELIVER, GET_OK: the message may have been delivered before
 * @param counts GET_OK: messages left; REPLY: message and consumer counts
 * @param reply REPLY and RETURN: code and text; else {@link Reply#OK}
 * @param message DELIVER, GET_OK, RETURN: the message; else null
 */
public record AmqpDelivery(
        AmqpDeliveryKind kind,
        ChannelRef channel,
        String consumerTag,
        long requestId,
        String queue,
        long queueOffset,
        boolean redelivered,
        Counts counts,
        Reply reply,
        AmqpMessage message) {

    public AmqpDelivery {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(consumerTag, "consumerTag");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(reply, "reply");
    }

    /**
     * Message and consumer counts of a queue (queue.declare-ok, purge-ok, delete-ok, get-ok).
     *
     * @param messages messages (ready ones, as RabbitMQ counts them)
     * @param consumers consumers
     */
    public record Counts(long messages, long consumers) {

        /** No counts. */
        public static final Counts NONE = new Counts(0, 0);
    }

    /**
     * A reply code and text (AMQP 0-9-1 §1.2 constants: 200 reply-success, 312 no-route, 403, 404, 406...).
     *
     * @param code the reply code
     * @param text the reply text, at most 255 bytes
     */
    public record Reply(int code, String text) {

        /** 200 reply-success. */
        public static final Reply OK = new Reply(200, "");

        public Reply {
            Objects.requireNonNull(text, "text");
        }

        /** Whether this is 200. */
        public boolean isOk() {
            return code == 200;
        }
    }

    /** A basic.deliver. */
    public static AmqpDelivery deliver(ChannelRef channel, String consumerTag, QueuePosition position,
            AmqpMessage message) {
        return new AmqpDelivery(AmqpDeliveryKind.DELIVER, channel, consumerTag, 0, position.queue(),
                position.offset(), position.redelivered(), Counts.NONE, Reply.OK, message);
    }

    /** A basic.get-ok. */
    public static AmqpDelivery getOk(ChannelRef channel, long requestId, QueuePosition position,
            AmqpMessage message) {
        return new AmqpDelivery(AmqpDeliveryKind.GET_OK, channel, "", requestId, position.queue(),
                position.offset(), position.redelivered(), new Counts(position.remaining(), 0), Reply.OK, message);
    }

    /** A basic.get-empty. */
    public static AmqpDelivery getEmpty(ChannelRef channel, long requestId) {
        return new AmqpDelivery(AmqpDeliveryKind.GET_EMPTY, channel, "", requestId, "", -1, false, Counts.NONE,
                Reply.OK, null);
    }

    /** The answer to a command. */
    public static AmqpDelivery reply(ChannelRef channel, long requestId, Counts counts, Reply reply) {
        return new AmqpDelivery(AmqpDeliveryKind.REPLY, channel, "", requestId, "", -1, false, counts, reply,
                null);
    }

    /** A server-side basic.cancel. */
    public static AmqpDelivery cancel(ChannelRef channel, String consumerTag) {
        return new AmqpDelivery(AmqpDeliveryKind.CANCEL, channel, consumerTag, 0, "", -1, false, Counts.NONE,
                Reply.OK, null);
    }

    /** A publish's outcome: routed. */
    public static AmqpDelivery outcome(ChannelRef channel, long publishSeq) {
        return new AmqpDelivery(AmqpDeliveryKind.OUTCOME, channel, "", publishSeq, "", -1, false, Counts.NONE,
                Reply.OK, null);
    }

    /** A basic.return of a publish. */
    public static AmqpDelivery returned(ChannelRef channel, long publishSeq, Reply reply, AmqpMessage message) {
        return new AmqpDelivery(AmqpDeliveryKind.RETURN, channel, "", publishSeq, "", -1, false, Counts.NONE, reply,
                message);
    }

    /**
     * Where a delivered message sits in its queue.
     *
     * @param queue the queue's name
     * @param offset its offset in the queue stream
     * @param redelivered whether it may have been delivered before
     * @param remaining get-ok's message count: ready messages left
     */
    public record QueuePosition(String queue, long offset, boolean redelivered, long remaining) {
    }
}
