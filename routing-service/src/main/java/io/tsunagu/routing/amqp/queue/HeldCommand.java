package io.tsunagu.routing.amqp.queue;

import java.util.concurrent.CompletableFuture;

/**
 * A command waiting in its control partition's line (commands of one partition are applied in their order): for
 * the topology copy to pass tsunagu.topology's end as of the command's arrival (its queue is unknown), or for the
 * owner to pass tsunagu.queue's end as of its arrival (so a message confirmed before the command was sent is in the
 * queue when the command is answered). Owner thread only.
 */
final class HeldCommand {

    private final QueueRecord.Command record;
    private CompletableFuture<Void> topology;
    private CompletableFuture<Long> queueEnd;
    private String waitingFor;

    HeldCommand(QueueRecord.Command record) {
        this.record = record;
    }

    QueueRecord.Command record() {
        return record;
    }

    /** The topology look-up covering this command; null until one was started. */
    CompletableFuture<Void> topology() {
        return topology;
    }

    void topology(CompletableFuture<Void> lookup) {
        topology = lookup;
    }

    /** The tsunagu.queue end-offset look-up covering this command; null until one was started. */
    CompletableFuture<Long> queueEnd() {
        return queueEnd;
    }

    void queueEnd(CompletableFuture<Long> lookup) {
        queueEnd = lookup;
    }

    /** Notes what the command waits for now; true when that changed (logged once per change, not per poll). */
    boolean waitsFor(String what) {
        if (what.equals(waitingFor)) {
            return false;
        }
        waitingFor = what;
        return true;
    }

    /** The command, for logs: kind, queue, channel and its offset in tsunagu.queue-control. */
    String describe() {
        return record.command().kind() + " of " + record.command().channel() + " for "
                + record.queueKey().replace('\u0000', '/') + " (control offset " + record.offset() + ")";
    }
}
