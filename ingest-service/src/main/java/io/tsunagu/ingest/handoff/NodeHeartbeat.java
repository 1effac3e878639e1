package io.tsunagu.ingest.handoff;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.config.NodeIdentity;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes this node's heartbeat ({@link NodeEvent}: node id, epoch, time, and the node's traffic since start from the
 * {@link NodeTrafficSource}) to the session stream at start and then every
 * {@code tsunagu.ingest.heartbeat-interval}. Routing takes a node that has fallen silent for dead: its connected
 * sessions become disconnected (persistent) or end, and their wills are due. A heartbeat Kafka does not take is
 * logged; the next one follows on time. Stopped at shutdown, before the sessions are handed over.
 */
@ApplicationScoped
public class NodeHeartbeat {

    private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class);
    private static final long NO_TIMER = -1;

    private final Vertx vertx;
    private final SessionEventPublisher publisher;
    private final NodeIdentity identity;
    private final IngestOptions options;
    private final AtomicLong timerId = new AtomicLong(NO_TIMER);
    private final AtomicLong written = new AtomicLong();
    @Inject
    NodeTrafficSource traffic;

    NodeHeartbeat(Vertx vertx, SessionEventPublisher publisher, NodeIdentity identity, IngestOptions options) {
        this.vertx = vertx;
        this.publisher = publisher;
        this.identity = identity;
        this.options = options;
    }

    void onStart(@Observes StartupEvent event) {
        beat();
        timerId.set(vertx.setPeriodic(options.heartbeatInterval().toMillis(), ignored -> beat()));
    }

    void onStop(@Observes ShutdownEvent event) {
        long id = timerId.getAndSet(NO_TIMER);
        if (id != NO_TIMER) {
            vertx.cancelTimer(id);
        }
    }

    /** Heartbeats Kafka acknowledged since start. */
    public long written() {
        return written.get();
    }

    private void beat() {
        NodeEvent heartbeat = new NodeEvent(identity.nodeId(), identity.nodeEpoch(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), traffic.traffic());
        publisher.publish(heartbeat).subscribe().with(
                ignored -> written.incrementAndGet(),
                failure -> LOG.warnf("heartbeat of node %s not written: %s", identity.nodeId(),
                        String.valueOf(failure)));
    }
}
