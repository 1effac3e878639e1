package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.ingest.transport.amqp.topology.StorageTopology;
import io.tsunagu.ingest.transport.amqp.topology.TopologyRequests;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Removes the exclusive queues this node's earlier run left behind. An exclusive queue belongs to its connection and
 * goes when the connection closes (AMQP 0-9-1 §queue.declare exclusive); a node that was killed could not close its
 * connections, so when it starts again every exclusive queue of its node id that is not one of this run's
 * connections ({@code amqp-<this run>-...}) is deleted through storage. Storage may be down at start: the request is
 * repeated every {@code internal-request-timeout} until storage answers.
 */
final class EarlierExclusiveQueues {

    private static final Logger LOG = Logger.getLogger(EarlierExclusiveQueues.class);

    private final Vertx vertx;
    private final StorageTopology topology;
    private final Duration retry;

    EarlierExclusiveQueues(Vertx vertx, StorageTopology topology, Duration retry) {
        this.vertx = vertx;
        this.topology = topology;
        this.retry = retry;
    }

    /** Starts deleting the earlier runs' exclusive queues of {@code nodeId}; returns at once. */
    void delete(String nodeId, String currentPrefix) {
        topology.send(TopologyRequests.deleteEarlierExclusiveQueues(nodeId, currentPrefix)).subscribe().with(
                answer -> {
                    if (answer.isAccepted()) {
                        LOG.debugf("Exclusive queues of node %s's earlier runs deleted", nodeId);
                    } else {
                        vertx.setTimer(Math.max(1, retry.toMillis()), timer -> delete(nodeId, currentPrefix));
                    }
                });
    }
}
