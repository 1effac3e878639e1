package io.tsunagu.routing.amqp.topology;

import io.tsunagu.routing.stream.FollowedStream;
import java.util.Optional;

/**
 * The queues of every virtual host, as routing's copy of {@code tsunagu.topology} holds them. Queue owners use it for
 * a queue's arguments and to learn that a queue was deleted.
 */
public interface QueueDirectory {

    /** The queue {@code name} of {@code vhost}, when the topology has it. */
    Optional<QueueDefinition> queue(String vhost, String name);

    /** Whether the copy has caught up with the stream as it was when this replica started. */
    boolean caughtUp();

    /**
     * How far the copy has read {@code tsunagu.topology}: a queue owner waits until it passed the stream's end
     * offsets as of a record's arrival before it calls a queue unknown (a client got declare-ok only after storage's
     * topology record was acknowledged).
     */
    FollowedStream stream();

    /**
     * Calls {@code listener} for each queue the topology deletes from now on (on the follower's thread; it must not
     * block).
     */
    void onQueueDeleted(QueueDeletionListener listener);

    /** Told of each deleted queue. */
    @FunctionalInterface
    interface QueueDeletionListener {

        /** {@code name} of {@code vhost} is gone. */
        void deleted(String vhost, String name);
    }
}
