package io.tsunagu.routing.amqp.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queues of one partition of tsunagu.queue (and tsunagu.queue-control) held by this replica: the queues, the
 * states their previous owner left, how far each of the two streams was processed, whether the partition is still
 * being rebuilt, and the records of queues the topology does not show yet (parked for a while: routing's copy of
 * the topology may lag behind the replica or ingest node that wrote them).
 *
 * <p>Threading: the owner thread only.
 */
final class PartitionQueues {

    private final int partition;
    private final Map<String, OwnedQueue> queues = new HashMap<>();
    private final Map<String, QueueState> restored;
    private final Map<String, Parked> parked = new LinkedHashMap<>();
    private final long rebuildTarget;
    private long processed;
    private long controlProcessed;
    private boolean rebuilding = true;

    /** Records of a queue the topology does not know (yet), in arrival order, since {@code since} (nanoTime). */
    record Parked(long since, List<QueueRecord> records) {
    }

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

    Map<String, Parked> parked() {
        return parked;
    }

    void park(String key, QueueRecord record, long now) {
        parked.computeIfAbsent(key, k -> new Parked(now, new ArrayList<>())).records().add(record);
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
        return Math.min(lowest, lowestParked(QueueRecord.Message.class));
    }

    /** Where the group may resume tsunagu.queue-control: every command below it was applied. */
    long controlCommitOffset() {
        return Math.min(controlProcessed, lowestParked(QueueRecord.Command.class));
    }

    private long lowestParked(Class<? extends QueueRecord> kind) {
        long lowest = Long.MAX_VALUE;
        for (Parked queue : parked.values()) {
            for (QueueRecord record : queue.records()) {
                if (kind.isInstance(record)) {
                    lowest = Math.min(lowest, record.offset());
                }
            }
        }
        return lowest;
    }
}
