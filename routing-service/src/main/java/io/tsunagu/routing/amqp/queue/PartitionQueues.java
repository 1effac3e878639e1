package io.tsunagu.routing.amqp.queue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The queues of one partition of tsunagu.queue (and tsunagu.queue-control) held by this replica: the queues, the
 * states their previous owner left, how far each of the two streams was processed, whether the partition is still
 * being rebuilt, the messages of queues the topology copy does not show (parked: the copy may lag behind the writer),
 * and the line of commands not applied yet ({@link HeldCommand}: applied in their order once their barriers passed).
 *
 * <p>Threading: the owner thread only.
 */
final class PartitionQueues {

    private final int partition;
    private final Map<String, OwnedQueue> queues = new HashMap<>();
    private final Map<String, QueueState> restored;
    private final Map<String, ParkedMessages> parked = new LinkedHashMap<>();
    private final Deque<HeldCommand> held = new ArrayDeque<>();
    private final long rebuildTarget;
    private long processed;
    private long controlProcessed;
    private boolean rebuilding = true;

    /**
     * The partition {@code partition}: states left by the previous owner, the positions the group's committed
     * offsets give, and the end offset of tsunagu.queue at the assignment (rebuilt once read up to it).
     */
    PartitionQueues(int partition, Map<String, QueueState> restored, long position, long controlPosition,
            long rebuildTarget) {
        this.partition = partition;
        this.restored = new HashMap<>(restored);
        this.processed = position;
        this.controlProcessed = controlPosition;
        this.rebuildTarget = rebuildTarget;
    }

    int partition() {
        return partition;
    }

    Map<String, OwnedQueue> queues() {
        return queues;
    }

    /** The state a new instance of the queue {@code key} starts from. */
    QueueState restored(String key) {
        return restored.getOrDefault(key, QueueState.empty());
    }

    Map<String, QueueState> restoredStates() {
        return restored;
    }

    /** A deleted queue left {@code state}: a queue declared again under the name starts after it. */
    void forget(String key, QueueState state) {
        queues.remove(key);
        restored.put(key, state);
    }

    /** Messages of queues the topology copy does not show, by queue key. */
    Map<String, ParkedMessages> parked() {
        return parked;
    }

    void park(String key, QueueRecord.Message record) {
        parked.computeIfAbsent(key, k -> new ParkedMessages()).add(record);
    }

    /** The commands not applied yet, in offset order. */
    Deque<HeldCommand> held() {
        return held;
    }

    long rebuildTarget() {
        return rebuildTarget;
    }

    boolean rebuilding() {
        return rebuilding;
    }

    void rebuilt() {
        rebuilding = false;
    }

    /** The next tsunagu.queue offset to process. */
    long processed() {
        return processed;
    }

    void processed(long offset) {
        processed = Math.max(processed, offset + 1);
    }

    long controlProcessed() {
        return controlProcessed;
    }

    void controlProcessed(long offset) {
        controlProcessed = Math.max(controlProcessed, offset + 1);
    }

    /** Where the group may resume tsunagu.queue: nothing unsettled (or parked) lies below it. */
    long queueCommitOffset() {
        long lowest = processed;
        for (OwnedQueue queue : queues.values()) {
            lowest = Math.min(lowest, queue.lowestUnsettled());
        }
        for (ParkedMessages queue : parked.values()) {
            for (QueueRecord record : queue.records()) {
                lowest = Math.min(lowest, record.offset());
            }
        }
        return lowest;
    }

    /** Where the group may resume tsunagu.queue-control: every command below it was applied. */
    long controlCommitOffset() {
        HeldCommand first = held.peekFirst();
        return first == null ? controlProcessed : Math.min(controlProcessed, first.record().offset());
    }
}
