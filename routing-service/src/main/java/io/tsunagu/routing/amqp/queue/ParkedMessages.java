package io.tsunagu.routing.amqp.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Messages of a queue the topology copy does not show, in arrival order, and the topology look-up that decides
 * them: once the copy has read tsunagu.topology up to its end as of a message's arrival and still lacks the queue,
 * the queue really does not exist (it was deleted after routing wrote the message) and the message is dropped.
 * A look-up covers only the messages that arrived before it started. Owner thread only.
 */
final class ParkedMessages {

    private final List<QueueRecord.Message> records = new ArrayList<>();
    private CompletableFuture<Void> barrier;
    private int covered;

    void add(QueueRecord.Message record) {
        records.add(record);
    }

    List<QueueRecord.Message> records() {
        return records;
    }

    /** The look-up covering the first {@link #covered()} messages; null when none is running. */
    CompletableFuture<Void> barrier() {
        return barrier;
    }

    /** Starts waiting for {@code lookup}, which covers every message parked so far. */
    void barrier(CompletableFuture<Void> lookup) {
        barrier = lookup;
        covered = records.size();
    }

    int covered() {
        return covered;
    }

    /** Removes and returns the messages the finished look-up covered; later ones wait for a new look-up. */
    List<QueueRecord.Message> takeCovered() {
        List<QueueRecord.Message> taken = new ArrayList<>(records.subList(0, covered));
        records.subList(0, covered).clear();
        barrier = null;
        covered = 0;
        return taken;
    }

    /** A failed look-up: a new one is started. */
    void retry() {
        barrier = null;
        covered = 0;
    }
}
