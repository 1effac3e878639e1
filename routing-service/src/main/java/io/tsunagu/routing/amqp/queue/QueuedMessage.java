package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.AmqpMessage;

/**
 * One unsettled message of a queue: its offset in tsunagu.queue (its identity and its place in FIFO order), its
 * priority level, and its message while the body budget allows keeping it ({@code null} once evicted: read back
 * from the stream to deliver it).
 *
 * <p>Threading: the owner thread only.
 */
final class QueuedMessage {

    private final long offset;
    private final int priority;
    private final int recordSize;
    private AmqpMessage message;
    private boolean redelivered;
    private long expiresAt = Long.MAX_VALUE;
    private int bodySize;

    QueuedMessage(long offset, int priority, int recordSize, AmqpMessage message) {
        this.offset = offset;
        this.priority = priority;
        this.recordSize = recordSize;
        this.message = message;
    }

    long offset() {
        return offset;
    }

    int priority() {
        return priority;
    }

    /** The size of its record in the stream: what keeping its message in memory costs. */
    int recordSize() {
        return recordSize;
    }

    /** The message, or {@code null} when its body is not kept in memory. */
    AmqpMessage message() {
        return message;
    }

    void keep(AmqpMessage kept) {
        this.message = kept;
    }

    /** When it expires (epoch ms, from x-message-ttl or its expiration property), {@link Long#MAX_VALUE} never. */
    long expiresAt() {
        return expiresAt;
    }

    /** The size of its body: what counts against x-max-length-bytes. */
    int bodySize() {
        return bodySize;
    }

    /** Sets what the queue's limits need: its expiry time (epoch ms) and its body size. */
    void limits(long expiry, int size) {
        this.expiresAt = expiry;
        this.bodySize = size;
    }

    boolean redelivered() {
        return redelivered;
    }

    /** It may have been delivered before: a later delivery sets the redelivered flag (AMQP 0-9-1 basic.deliver). */
    void markRedelivered() {
        this.redelivered = true;
    }
}
