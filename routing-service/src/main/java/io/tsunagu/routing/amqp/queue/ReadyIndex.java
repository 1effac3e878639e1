package io.tsunagu.routing.amqp.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The ready messages of one queue: one FIFO per priority level, ordered by queue offset, dispatched strictly highest
 * level first (RabbitMQ priority queues, {@code x-max-priority}). A level is a map by offset rather than a plain
 * FIFO so that a requeued message goes back to its original place: RabbitMQ keeps the order on requeue.
 *
 * <p>Threading: the owner thread only.
 */
final class ReadyIndex {

    private final List<TreeMap<Long, QueuedMessage>> levels = new ArrayList<>();
    private long count;
    private long bytes;

    /**
     * An index with {@code levels} priority levels (x-max-priority + 1, or 1 without it).
     */
    ReadyIndex(int levels) {
        for (int i = 0; i < levels; i++) {
            this.levels.add(new TreeMap<>());
        }
    }

    /** Adds (or puts back) {@code message} at its place. */
    void add(QueuedMessage message) {
        if (levels.get(message.priority()).put(message.offset(), message) == null) {
            count++;
            bytes += message.bodySize();
        }
    }

    /** The next message to deliver (highest priority, then lowest offset), left in place; {@code null} when empty. */
    QueuedMessage peek() {
        for (int level = levels.size() - 1; level >= 0; level--) {
            TreeMap<Long, QueuedMessage> fifo = levels.get(level);
            if (!fifo.isEmpty()) {
                return fifo.firstEntry().getValue();
            }
        }
        return null;
    }

    /** The next message to deliver (highest priority, then lowest offset), removed; {@code null} when empty. */
    QueuedMessage poll() {
        for (int level = levels.size() - 1; level >= 0; level--) {
            TreeMap<Long, QueuedMessage> fifo = levels.get(level);
            if (!fifo.isEmpty()) {
                return removed(fifo.pollFirstEntry().getValue());
            }
        }
        return null;
    }

    /** Removes the ready message at {@code offset}, or returns {@code null} when it is not ready. */
    QueuedMessage remove(long offset) {
        for (TreeMap<Long, QueuedMessage> fifo : levels) {
            QueuedMessage message = fifo.remove(offset);
            if (message != null) {
                return removed(message);
            }
        }
        return null;
    }

    /** Removes every ready message and returns them. */
    List<QueuedMessage> clear() {
        List<QueuedMessage> all = new ArrayList<>();
        for (TreeMap<Long, QueuedMessage> fifo : levels) {
            all.addAll(fifo.values());
            fifo.clear();
        }
        count = 0;
        bytes = 0;
        return all;
    }

    /** The oldest ready message (lowest offset, whatever its priority), removed; {@code null} when empty. */
    QueuedMessage pollOldest() {
        long oldest = lowestOffset();
        return oldest == Long.MAX_VALUE ? null : remove(oldest);
    }

    /** The lowest offset of a ready message, or {@link Long#MAX_VALUE} when none. */
    long lowestOffset() {
        long lowest = Long.MAX_VALUE;
        for (TreeMap<Long, QueuedMessage> fifo : levels) {
            if (!fifo.isEmpty()) {
                lowest = Math.min(lowest, fifo.firstKey());
            }
        }
        return lowest;
    }

    int levels() {
        return levels.size();
    }

    long count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    private QueuedMessage removed(QueuedMessage message) {
        count--;
        bytes -= message.bodySize();
        return message;
    }

    /** The body bytes of the ready messages (what x-max-length-bytes limits, as RabbitMQ counts). */
    long bytes() {
        return bytes;
    }
}
