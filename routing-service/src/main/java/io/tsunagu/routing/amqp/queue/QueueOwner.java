package io.tsunagu.routing.amqp.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.tsunagu.routing.amqp.topology.QueueDirectory;
import io.tsunagu.routing.config.RoutingOptions;
import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionTable;
import io.tsunagu.routing.stream.EndOffsets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The AMQP queue owners of this replica (docs/design/amqp.md, "Message bodies and durability" and "Consuming"):
 * a member of the consumer group {@code tsunagu-routing-queues} that owns the queues of the partitions it holds,
 * dispatches their messages to consumers on the ingest nodes' delivery streams and persists their progress on
 * tsunagu.queue-state ({@link QueueStateCodec}). See {@link OwnerLoop} for the cycle.
 *
 * <p>Meters: {@code tsunagu.routing.queues.owned}, {@code tsunagu.routing.queues.body.kept} (bytes),
 * {@code tsunagu.routing.queues.body.fetches} and {@code tsunagu.routing.queues.dropped{reason}} ({@link OwnerMeters}).
 *
 * <p>Threading: {@link #start()} and {@link #stop()} from the lifecycle events (and tests); the queues live on the
 * owner's own thread.
 */
@ApplicationScoped
public class QueueOwner {

    private static final Logger LOG = Logger.getLogger(QueueOwner.class);

    private final QueueOwnerOptions options;
    private final QueueDirectory directory;
    private final ChannelLiveness liveness;
    private final Map<String, Object> kafkaConfig;
    private final OwnerMeters meters;
    private final EndOffsets endOffsets;
    private volatile OwnerLoop loop;
    private volatile OwnerClients clients;
    private Thread thread;

    public QueueOwner(QueueOwnerOptions options, QueueDirectory directory, SessionTable table,
            SessionStreamReader sessions, RoutingOptions routing,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry registry,
            EndOffsets endOffsets) {
        this.options = options;
        this.directory = directory;
        this.liveness = new ChannelLiveness(table, sessions, routing.nodeTimeout());
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        validate(options);
        this.meters = new OwnerMeters(registry);
        this.endOffsets = endOffsets;
        Gauge.builder("tsunagu.routing.queues.owned", this, QueueOwner::queueCount)
                .description("AMQP queues this replica owns").register(registry);
        Gauge.builder("tsunagu.routing.queues.body.kept", this, QueueOwner::keptBytes).baseUnit("bytes")
                .description("Bytes of queue records kept in memory (at most tsunagu.routing.queues.body-budget)")
                .register(registry);
        directory.onQueueDeleted((vhost, name) -> {
            OwnerLoop current = loop;
            if (current != null) {
                current.queueDeleted(vhost, name);
            }
        });
    }

    private static void validate(QueueOwnerOptions options) {
        if (!options.pollTimeout().isPositive() || !options.stateInterval().isPositive()
                || options.stateSettlements() < 1 || options.deliveriesPerPass() < 1 || options.maxPollRecords() < 1
                || options.bodyBudget().asLongValue() < 0) {
            throw new IllegalArgumentException("tsunagu.routing.queues: poll-timeout and state-interval must be"
                    + " positive, state-settlements, deliveries-per-pass and max-poll-records at least 1, and"
                    + " body-budget not negative");
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (options.enabled()) {
            start();
        } else {
            LOG.warn("AMQP queue owners are off (tsunagu.routing.queues.enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Joins the queue group on a new owner thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        clients = new OwnerClients(kafkaConfig, options, meters, new StreamPositions(endOffsets, directory.stream()));
        loop = new OwnerLoop(options, directory, liveness, clients);
        thread = Thread.ofPlatform().name("tsunagu-queue-owner").daemon().start(loop::run);
    }

    /** Hands the queues over (states written, offsets committed), leaves the group and waits for the thread. */
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        loop.stop();
        try {
            thread.join(options.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        loop = null;
        clients = null;
    }

    /** The number of queues this replica holds now (approximate: read from another thread). */
    public int queueCount() {
        OwnerLoop current = loop;
        return current == null ? 0 : current.queueCount();
    }

    /** Why the owner stopped on its own (it then owns nothing until a restart), if it did. */
    public Optional<RuntimeException> failure() {
        OwnerLoop current = loop;
        return current == null ? Optional.empty() : current.failure();
    }

    /** Bytes of queue records kept in memory now. */
    public long keptBytes() {
        OwnerClients current = clients;
        return current == null ? 0 : current.bodies().kept();
    }
}
