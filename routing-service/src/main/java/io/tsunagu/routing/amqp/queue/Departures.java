package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.QueueMessage;
import io.tsunagu.contracts.codec.CodecException;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How messages leave a queue other than through a consumer, as RabbitMQ 3.10 documents it ({@link QueueLimits}):
 * expiry at the head (x-message-ttl and the expiration property; RabbitMQ checks per-message TTL at the head only),
 * the length limits over the ready messages (x-max-length, x-max-length-bytes) with x-overflow drop-head (the
 * oldest ready message goes), reject-publish (the new message is refused: dropped and counted; routing already
 * confirmed it once its queue record was written, so its publisher got an ack where RabbitMQ sends a nack) or
 * reject-publish-dlx, and dead-lettering ({@link DeadLetters}, republished by the owner): a message being
 * dead-lettered is settled only once Kafka acknowledged its republish, and counts as unsettled until then.
 *
 * <p>Threading: the owner thread only.
 */
final class Departures {

    private final OwnedQueue queue;
    private final QueueLimits limits;
    private final ReadyIndex ready;
    private final QueueContext context;
    private final TreeMap<Long, QueuedMessage> deadLettering = new TreeMap<>();

    Departures(OwnedQueue queue, QueueLimits limits, ReadyIndex ready, QueueContext context) {
        this.queue = queue;
        this.limits = limits;
        this.ready = ready;
        this.context = context;
    }

    /** When {@code message} expires (epoch ms): enqueue time plus the lower of x-message-ttl and its expiration. */
    long expiresAt(QueueMessage message) {
        long ttl = Math.min(limits.messageTtl(), expiration(message.message()));
        long enqueued = message.enqueuedAt().toEpochMilli();
        return ttl >= Long.MAX_VALUE - enqueued ? Long.MAX_VALUE : enqueued + ttl;
    }

    /** The expiration property in milliseconds (RabbitMQ: decimal digits), {@link QueueLimits#NONE} without one. */
    private static long expiration(AmqpMessage message) {
        try {
            String expiration = BasicPropertiesCodec.expiration(message.properties());
            return expiration == null ? QueueLimits.NONE : Long.parseLong(expiration);
        } catch (CodecException | NumberFormatException e) {
            // ingest refuses an invalid expiration (RabbitMQ's PRECONDITION_FAILED); none here then.
            return QueueLimits.NONE;
        }
    }

    /** A new message: into the ready ones, unless x-overflow refuses it; then drop-head applies. */
    void arrived(QueuedMessage message) {
        if (refused(message)) {
            refuse(message);
        } else {
            ready.add(message);
            dropHeads();
        }
    }

    /** x-overflow reject-publish(-dlx): whether {@code message} would take the ready messages over a limit. */
    private boolean refused(QueuedMessage message) {
        return limits.overflow() != QueueLimits.Overflow.DROP_HEAD && limits.limitsLength()
                && (ready.count() + 1 > limits.maxLength()
                        || ready.bytes() + message.bodySize() > limits.maxLengthBytes());
    }

    private void refuse(QueuedMessage message) {
        if (limits.overflow() == QueueLimits.Overflow.REJECT_PUBLISH_DLX) {
            deadLetterOrDrop(message, DeadLetters.REJECTED);
        } else {
            queue.settled(message);
            context.dropped("rejected-publish");
        }
    }

    /** x-overflow drop-head: the oldest ready messages go while a length limit is exceeded. */
    private void dropHeads() {
        if (limits.overflow() != QueueLimits.Overflow.DROP_HEAD) {
            return;
        }
        while (ready.count() > limits.maxLength() || ready.bytes() > limits.maxLengthBytes()) {
            deadLetterOrDrop(ready.pollOldest(), DeadLetters.MAXLEN);
        }
    }

    /** Expired messages at the head go (RabbitMQ expires messages at the head of the queue only). */
    void expireHead(long nowMillis) {
        for (QueuedMessage head = ready.peek(); head != null && head.expiresAt() <= nowMillis; head = ready.peek()) {
            ready.poll();
            deadLetterOrDrop(head, DeadLetters.EXPIRED);
        }
    }

    /** Republishes {@code message} to the dead-letter exchange for {@code reason}, or drops it without one. */
    void deadLetterOrDrop(QueuedMessage message, String reason) {
        if (!limits.deadLetters()) {
            queue.settled(message);
            context.dropped(reason);
            return;
        }
        AmqpMessage body = context.messageOf(queue, message);
        Optional<AmqpMessage> dead;
        DeadLetters.Death death = new DeadLetters.Death(queue.name(), reason, Instant.now());
        try {
            dead = body == null ? Optional.empty() : DeadLetters.deadLettered(body, death, limits);
        } catch (CodecException | IllegalArgumentException e) {
            dead = Optional.empty();
        }
        if (dead.isEmpty()) {
            // Gone from the stream, undecodable properties, or a dead-letter cycle (RabbitMQ drops it too).
            queue.settled(message);
            context.dropped(reason);
            return;
        }
        deadLettering.put(message.offset(), message);
        context.deadLetter(queue, message.offset(), dead.get());
    }

    /** Kafka acknowledged the republish of the message at {@code offset}: it is settled. */
    void deadLettered(long offset) {
        QueuedMessage message = deadLettering.remove(offset);
        if (message != null) {
            queue.settled(message);
        }
    }

    /** The republish of the message at {@code offset} failed: it is ready again, to die again. */
    void deadLetterFailed(long offset) {
        QueuedMessage message = deadLettering.remove(offset);
        if (message != null) {
            ready.add(message);
        }
    }

    /** The lowest offset being dead-lettered, or {@link Long#MAX_VALUE}. */
    long lowestOffset() {
        return deadLettering.isEmpty() ? Long.MAX_VALUE : deadLettering.firstKey();
    }

    /** The queue is deleted or handed over: the bodies of the messages being dead-lettered are released. */
    void release() {
        deadLettering.values().forEach(context::settled);
        deadLettering.clear();
    }
}
