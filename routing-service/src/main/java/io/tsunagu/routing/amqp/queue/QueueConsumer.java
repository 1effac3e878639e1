package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;

/**
 * One consumer of a queue (basic.consume): its channel and tag, its prefetch (0 = unlimited) and how many of its
 * deliveries are not settled yet. With no-ack, deliveries count as settled when sent, so it never runs out of credit.
 *
 * <p>Threading: the owner thread only.
 */
final class QueueConsumer {

    private final ChannelRef channel;
    private final String tag;
    private final int prefetch;
    private final int flags;
    private int unacked;

    QueueConsumer(ChannelRef channel, String tag, int prefetch, int flags) {
        this.channel = channel;
        this.tag = tag;
        this.prefetch = prefetch;
        this.flags = flags;
    }

    ChannelRef channel() {
        return channel;
    }

    String tag() {
        return tag;
    }

    int prefetch() {
        return prefetch;
    }

    int flags() {
        return flags;
    }

    boolean noAck() {
        return (flags & QueueCommand.NO_ACK) != 0;
    }

    boolean exclusive() {
        return (flags & QueueCommand.EXCLUSIVE) != 0;
    }

    /** Whether it may take one more delivery: basic.qos prefetch-count is the most unacknowledged it holds. */
    boolean hasCredit() {
        return noAck() || prefetch == 0 || unacked < prefetch;
    }

    boolean is(ChannelRef otherChannel, String otherTag) {
        return channel.equals(otherChannel) && tag.equals(otherTag);
    }

    void delivered() {
        if (!noAck()) {
            unacked++;
        }
    }

    void settled() {
        if (unacked > 0) {
            unacked--;
        }
    }

    int unacked() {
        return unacked;
    }
}
