package io.tsunagu.contracts.amqp;

import java.util.Arrays;
import java.util.Objects;

/**
 * An instruction for a queue's owner: a record of {@link io.tsunagu.contracts.stream.Streams#QUEUE_CONTROL}, keyed
 * by {@link io.tsunagu.contracts.stream.Streams#queueKey} like the queue's messages, so the owner of the queue reads
 * both. Written by ingest for its channels. Answers go to {@code channel}'s node as {@link AmqpDelivery} records
 * carrying {@code requestId}.
 *
 * @param vhost the queue's virtual host
 * @param queue the queue's name
 * @param kind what is asked
 * @param channel the channel asking (and the address of the answer)
 * @param consumerTag the consumer (CONSUME, CANCEL), else {@code ""}
 * @param requestId the channel's id for the answer (CONSUME, GET, STATUS, PURGE, DELETE), else 0
 * @param prefetch CONSUME: most unacknowledged deliveries to the consumer, 0 = unlimited
 * @param flags {@link #NO_ACK}, {@link #EXCLUSIVE}, {@link #REQUEUE}, {@link #DISCARD}, {@link #IF_UNUSED},
 *     {@link #IF_EMPTY}
 * @param offsets SETTLE: the queue offsets settled, else empty
 */
public record QueueCommand(
        String vhost,
        String queue,
        QueueCommandKind kind,
        ChannelRef channel,
        String consumerTag,
        long requestId,
        int prefetch,
        int flags,
        long[] offsets) {

    /** CONSUME, GET: deliveries count as acknowledged when sent. */
    public static final int NO_ACK = 1;
    /** CONSUME: an exclusive consumer (basic.consume exclusive). */
    public static final int EXCLUSIVE = 1 << 1;
    /** SETTLE: back into the queue, redelivered (nack/reject requeue=true). */
    public static final int REQUEUE = 1 << 2;
    /** SETTLE: out of the queue without an ack: dropped or dead-lettered (nack/reject requeue=false). */
    public static final int DISCARD = 1 << 3;
    /** DELETE: only when the queue has no consumers. */
    public static final int IF_UNUSED = 1 << 4;
    /** DELETE: only when the queue has no messages. */
    public static final int IF_EMPTY = 1 << 5;

    private static final long[] NONE = new long[0];

    public QueueCommand {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(consumerTag, "consumerTag");
        offsets = offsets == null ? NONE : offsets;
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must not be negative: " + prefetch);
        }
    }

    /** A command with no consumer, request, prefetch, flags or offsets. */
    public static QueueCommand of(String vhost, String queue, QueueCommandKind kind, ChannelRef channel) {
        return new QueueCommand(vhost, queue, kind, channel, "", 0, 0, 0, NONE);
    }

    /** Whether {@code flag} is set. */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QueueCommand that && vhost.equals(that.vhost) && queue.equals(that.queue)
                && kind == that.kind && channel.equals(that.channel) && consumerTag.equals(that.consumerTag)
                && requestId == that.requestId && prefetch == that.prefetch && flags == that.flags
                && Arrays.equals(offsets, that.offsets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vhost, queue, kind, channel, consumerTag, requestId, prefetch, flags)
                * 31 + Arrays.hashCode(offsets);
    }

    @Override
    public String toString() {
        return "QueueCommand[" + kind + " " + vhost + "/" + queue + " " + channel + " tag=" + consumerTag
                + " request=" + requestId + " prefetch=" + prefetch + " flags=" + flags + " offsets="
                + offsets.length + "]";
    }
}
