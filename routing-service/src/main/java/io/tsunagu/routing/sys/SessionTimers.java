package io.tsunagu.routing.sys;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Will;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.config.RoutingOptions;
import io.tsunagu.routing.session.ClientKey;
import io.tsunagu.routing.session.Session;
import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionSweep;
import io.tsunagu.routing.session.SessionTable;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The session timers: every {@code tsunagu.routing.session-timer-interval}, the replica that owns publish partition 0
 * ({@link SysOwnership}: one replica at a time, as for {@code $SYS}) scans the session table for what is due
 * ({@link SessionSweep}: expired sessions, wills whose delay passed, sessions of nodes silent for
 * {@code tsunagu.routing.node-timeout}, wills of clean sessions whose node restarted) and writes it:
 * <ol>
 *   <li>the will, if one is due, as the client's PUBLISH to the publish stream and, with RETAIN set, to the retained
 *       stream (a tombstone for an empty payload [MQTT-3.3.1-6]). It keeps the message id it got at CONNECT, so a
 *       will published twice (a crash between the two steps) is stored once, and is stamped as received now, so its
 *       Message Expiry Interval counts from its publication (MQTT 5 §3.1.3.2.4);</li>
 *   <li>then the session event: ENDED, or DISCONNECTED (without the will, or as of now for a lost connection). The
 *       session-action consumer purges the queue of an ENDED session ({@code SessionActionRouter}).</li>
 * </ol>
 * Will first, session second: a crash in between publishes the will again rather than losing it.
 *
 * <p>The writes take effect once the session reader applied them, a moment later. Until then the table still shows
 * the state they were decided on, so each decision is remembered with that state (the {@link Session} object) and
 * not repeated while the table holds it; it is forgotten once the state changed, or when its write failed, so the
 * next tick decides again. A decision whose state the table no longer holds when the scan ends is not written. The
 * events themselves are idempotent in effect (latest state wins), and they carry the
 * state's node, run and time, so one decided on a state that changed meanwhile does not apply ({@link SessionTable}).
 *
 * <p>The scan runs on a worker thread (it visits every session); the writes start from the timer's event loop.
 * Meters: {@code tsunagu.routing.session.expired}, {@code tsunagu.routing.session.wills},
 * {@code tsunagu.routing.nodes.dead}, and {@code tsunagu.routing.session.timer.failures}.
 */
@ApplicationScoped
public class SessionTimers {

    private static final Logger LOG = Logger.getLogger(SessionTimers.class);

    private final SessionTable table;
    private final SessionStreamReader sessions;
    private final SysOwnership ownership;
    private final StreamWriter writer;
    private final Vertx vertx;
    private final Duration interval;
    private final Duration nodeTimeout;
    /** The state each decision in progress was made on, by client and kind of state. */
    private final Map<Decision, Session> decided = new ConcurrentHashMap<>();
    /** The silent node runs already reported, as node id and epoch. */
    private final Set<String> deadNodes = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scanning = new AtomicBoolean();
    private final Counter expired;
    private final Counter wills;
    private final Counter nodesDead;
    private final Counter failures;
    private long timerId = -1;

    public SessionTimers(SessionTable table, SessionStreamReader sessions,
            @Identifier(SysOwnership.NAME) SysOwnership ownership, StreamWriter writer, Vertx vertx,
            RoutingOptions options, MeterRegistry registry) {
        this.table = table;
        this.sessions = sessions;
        this.ownership = ownership;
        this.writer = writer;
        this.vertx = vertx;
        this.interval = options.sessionTimerInterval();
        this.nodeTimeout = options.nodeTimeout();
        if (interval.isNegative()) {
            throw new IllegalArgumentException("tsunagu.routing.session-timer-interval must not be negative: "
                    + interval);
        }
        if (!nodeTimeout.isPositive()) {
            throw new IllegalArgumentException("tsunagu.routing.node-timeout must be positive: " + nodeTimeout);
        }
        expired = Counter.builder("tsunagu.routing.session.expired")
                .description("Disconnected sessions ended because their expiry passed").register(registry);
        wills = Counter.builder("tsunagu.routing.session.wills")
                .description("Wills published by routing: delay passed, session expired, or node lost")
                .register(registry);
        nodesDead = Counter.builder("tsunagu.routing.nodes.dead")
                .description("Ingest node runs taken for dead after sending no heartbeat for the node timeout")
                .register(registry);
        failures = Counter.builder("tsunagu.routing.session.timer.failures")
                .description("Timer writes (wills, session events) that Kafka refused; retried at the next tick")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (interval.isZero()) {
            LOG.warn("Session timers are off (tsunagu.routing.session-timer-interval=0): sessions do not expire");
            return;
        }
        timerId = vertx.setPeriodic(interval.toMillis(), id -> tick());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void tick() {
        if (!ownership.ownsPublishPartitionZero() || !sessions.isCaughtUp()) {
            decided.clear();
            return;
        }
        if (!scanning.compareAndSet(false, true)) {
            return;
        }
        Instant now = Instant.now();
        vertx.executeBlocking(() -> SessionSweep.at(table, now, nodeTimeout), false)
                .onComplete(result -> {
                    scanning.set(false);
                    if (result.succeeded()) {
                        act(result.result(), now);
                    } else {
                        LOG.warnf(result.cause(), "Scanning the session table failed");
                    }
                });
    }

    /**
     * What a decision is about: the session of a client in the table, or the will of its clean session orphaned by
     * a node restart.
     */
    private record Decision(ClientKey client, boolean orphanedWill) {

        static Decision of(SessionSweep.Due due) {
            return new Decision(due.client(), due.reason() == SessionSweep.Reason.NODE_RESTARTED);
        }
    }

    /** The state the table holds now for what {@code decision} is about, or null. */
    private Session current(Decision decision) {
        return (decision.orphanedWill() ? table.orphanedWill(decision.client()) : table.session(decision.client()))
                .orElse(null);
    }

    private void act(List<SessionSweep.Due> due, Instant now) {
        decided.entrySet().removeIf(entry -> current(entry.getKey()) != entry.getValue());
        for (SessionSweep.Due session : due) {
            Decision decision = Decision.of(session);
            // Decided on a state the table no longer holds (the client connected meanwhile): the next scan decides.
            if (current(decision) == session.session() && decided.putIfAbsent(decision, session.session()) == null) {
                noteDeadNode(session);
                write(session, now).subscribe().with(
                        written -> LOG.debugf("Session timer: %s for client %s written", session.reason(),
                                session.client().clientId()),
                        failure -> onFailure(session, failure));
            }
        }
    }

    private Uni<Void> write(SessionSweep.Due due, Instant now) {
        Uni<Void> will = due.will() == null
                ? Uni.createFrom().voidItem()
                : publish(due.will(), now).invoke(() -> wills.increment());
        return will
                .chain(() -> writer.write(Streams.SESSION, due.client().toSessionKey(),
                        SessionCodec.encode(due.next())))
                .invoke(() -> {
                    if (due.reason() == SessionSweep.Reason.EXPIRED) {
                        expired.increment();
                    }
                });
    }

    /** Publishes {@code will} as the client's PUBLISH, and retains it when it has RETAIN set. */
    private Uni<Void> publish(Will will, Instant now) {
        PublishEvent message = will.message();
        PublishEvent event = new PublishEvent(message.messageId(), message.tenant(), message.clientId(),
                message.nodeId(), message.topic(), message.qos(), message.retain(), now.truncatedTo(ChronoUnit.MICROS),
                message.properties(), message.payload());
        byte[] record = PublishCodec.encode(event);
        String key = Streams.publishKey(event.tenant(), event.topic());
        Uni<Void> published = writer.write(Streams.PUBLISH, key, record);
        if (!event.retain()) {
            return published;
        }
        Uni<Void> retained = writer.write(Streams.RETAINED, key, event.payload().isEmpty() ? null : record);
        return Uni.join().all(published, retained).andFailFast().replaceWithVoid();
    }

    private void noteDeadNode(SessionSweep.Due due) {
        if (due.reason() != SessionSweep.Reason.NODE_DEAD) {
            return;
        }
        String node = due.session().nodeId();
        if (deadNodes.add(node + "@" + due.session().nodeEpoch())) {
            nodesDead.increment();
            LOG.warnf("Ingest node %s (run %d) sent no heartbeat for %s: its sessions lose their connections", node,
                    due.session().nodeEpoch(), nodeTimeout);
        }
    }

    private void onFailure(SessionSweep.Due due, Throwable failure) {
        decided.remove(Decision.of(due), due.session());
        failures.increment();
        LOG.warnf("Session timer: writing %s for client %s failed, retrying at the next tick: %s", due.reason(),
                due.client().clientId(), failure.getMessage());
    }
}
