package io.tsunagu.ingest.transport;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.topic.TopicLimits;
import io.tsunagu.ingest.auth.Authorizer;
import io.tsunagu.ingest.cluster.SessionDirectory;
import io.tsunagu.ingest.cluster.SessionQueueStore;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.handoff.IngestPublisher;
import io.tsunagu.ingest.handoff.SessionEventPublisher;
import io.tsunagu.ingest.handoff.StreamProgress;
import io.tsunagu.ingest.session.Authenticator;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The MQTT listeners: TCP, and WebSocket, TLS and WebSocket over TLS as configured ({@link ListenerSpec}). Each is
 * one {@link MqttNetServer} per event loop on Quarkus's Vert.x, the instances of one listener sharing its port, with every
 * limit set explicitly; every listener serves the same protocol through the same connection code. Ready once every
 * instance is bound; on shutdown it stops accepting, waits (bounded) for in-flight hand-offs, then disconnects every
 * client (MQTT 5: 0x8B) and closes.
 */
@ApplicationScoped
public class MqttListener {

    private static final Logger LOG = Logger.getLogger(MqttListener.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Vertx vertx;
    @Inject
    IngestOptions options;
    @Inject
    NodeIdentity identity;
    @Inject
    ConnectionRegistry registry;
    @Inject
    IngestMetrics metrics;
    @Inject
    IngestPublisher publisher;
    @Inject
    SessionEventPublisher sessions;
    @Inject
    Authenticator authenticator;
    @Inject
    Authorizer authorizer;
    @Inject
    PendingWills pendingWills;
    @Inject
    HandBack handBack;
    @Inject
    SessionDirectory directory;
    @Inject
    SessionQueueStore queues;
    @Inject
    StreamProgress progress;
    @Inject
    DepartedSessions departed;
    @Inject
    ListenerTraffic traffic;

    private final AtomicLong connectionIds = new AtomicLong();
    private volatile Map<ListenerKind, List<MqttNetServer>> servers = Map.of();
    private volatile boolean bound;
    private volatile ConnectionServices services;

    /** Binds every listener instance, or fails the start (port taken, bad host). */
    void onStart(@Observes StartupEvent event) {
        IngestOptions.Mqtt mqtt = options.mqtt();
        services = new ConnectionServices(options, identity, registry, metrics, publisher, sessions, authenticator,
                new TopicLimits(mqtt.maxTopicLength(), mqtt.maxTopicLevels()), authorizer, pendingWills, handBack,
                new ConnectionServices.Cluster(directory, queues, progress, departed));
        int instances = mqtt.listenerInstances().orElse(2 * Runtime.getRuntime().availableProcessors());
        List<ListenerSpec> specs = ListenerSpec.enabled(options);
        Map<ListenerKind, List<MqttNetServer>> boundServers = new ConcurrentHashMap<>();
        // One verticle instance per event loop, binding one server per listener: Vert.x gives each its own context.
        DeploymentOptions deployment = new DeploymentOptions().setInstances(instances);
        await(vertx.deployVerticle(() -> new ListenerVerticle(specs, boundServers), deployment), BIND_TIMEOUT);
        servers = Map.copyOf(boundServers);
        this.bound = true;
        for (ListenerSpec spec : specs) {
            LOG.infof("MQTT over %s listening on %s:%d (%d instances), node %s", spec.kind().scheme(), mqtt.host(),
                    actualPort(spec.kind()), instances, identity.nodeId());
        }
    }

    /**
     * Stops accepting (readiness goes down and CONNECT is refused with server unavailable), waits (bounded) for the
     * hand-offs in flight, disconnects every client (MQTT 5: 0x8B), ends its session and publishes its will (and
     * every will still waiting out its delay), then closes the servers.
     * The servers close last because Vert.x closes every accepted connection with its last server instance.
     */
    void onStop(@Observes ShutdownEvent event) {
        bound = false;
        registry.startDraining();
        long deadline = System.nanoTime() + options.shutdownTimeout().toNanos();
        List<MqttConnection> open = registry.openConnections();
        awaitQuietly(Future.join(open.stream().map(MqttConnection::drain).toList()), remaining(deadline));
        awaitQuietly(Future.join(open.stream().map(MqttConnection::shutdown).toList()), remaining(deadline));
        // Sessions end with the node, so wills still waiting out their delay go out now (as Mosquitto does).
        awaitQuietly(Future.join(List.of(pendingWills.publishAllNow())), remaining(deadline));
        List<Future<Void>> closed = servers.values().stream().flatMap(List::stream).map(MqttNetServer::close).toList();
        awaitQuietly(Future.join(closed), remaining(deadline));
        LOG.infof("MQTT listener stopped; %d connections closed", open.size());
    }

    /** True once every listener instance is bound, until shutdown starts. */
    public boolean isBound() {
        return bound;
    }

    /** The port the MQTT/TCP listener is bound to (the chosen one when configured with 0), or -1 before binding. */
    public int actualPort() {
        return actualPort(ListenerKind.MQTT);
    }

    /** The port the listener {@code kind} is bound to, or -1 when it is not (not started, or not configured). */
    public int actualPort(ListenerKind kind) {
        List<MqttNetServer> current = servers.getOrDefault(kind, List.of());
        return current.isEmpty() ? -1 : current.get(0).actualPort();
    }

    /** The bound port of every listener, by URL scheme ({@code mqtt}, {@code mqtts}, {@code ws}, {@code wss}). */
    public Map<String, Integer> boundPorts() {
        Map<String, Integer> ports = new TreeMap<>();
        servers.keySet().forEach(kind -> ports.put(kind.scheme(), actualPort(kind)));
        return ports;
    }

    private void onEndpoint(ListenerKind kind, MqttEndpoint endpoint) {
        Context context = Vertx.currentContext();
        MqttConnection connection = new MqttConnection(endpoint, context, services, kind,
                connectionIds.incrementAndGet());
        connection.start();
    }

    /** vertx-mqtt refused a CONNECT itself (an empty client id with CleanSession 0 [MQTT-3.1.3-8]). */
    private void onRejectedConnection(Throwable failure) {
        metrics.clientError(IngestError.CLIENT_IDENTIFIER_NOT_VALID);
        LOG.debugf("CONNECT refused by the MQTT codec: %s", failure.getMessage());
    }

    private static void await(Future<?> future, Duration timeout) {
        try {
            future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("MQTT listener could not bind: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("MQTT listener did not bind within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the MQTT listener", e);
        }
    }

    private static void awaitQuietly(CompositeFuture future, Duration timeout) {
        try {
            future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("MQTT shutdown step incomplete: %s", String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One instance of every listener: a vertx-mqtt server per listener, bound on this verticle's event loop. */
    private final class ListenerVerticle extends AbstractVerticle {
        private final List<ListenerSpec> specs;
        private final Map<ListenerKind, List<MqttNetServer>> bound;

        ListenerVerticle(List<ListenerSpec> specs, Map<ListenerKind, List<MqttNetServer>> bound) {
            this.specs = specs;
            this.bound = bound;
        }

        @Override
        public void start(Promise<Void> started) {
            Future.all(specs.stream().map(this::listen).toList())
                    .<Void>mapEmpty()
                    .onComplete(started);
        }

        private Future<MqttNetServer> listen(ListenerSpec spec) {
            ListenerKind kind = spec.kind();
            return new MqttNetServer(vertx, MqttServerOptionsFactory.create(options, spec), traffic.counter(),
                    metrics::clientError)
                    .listen(new ListenerSpec(kind, sharedPort(spec)), options.mqtt().host(),
                            endpoint -> onEndpoint(kind, endpoint), MqttListener.this::onRejectedConnection)
                    .onSuccess(server -> bound.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(server));
        }

        /**
         * The port to listen on. For 0, a negative number of the listener's own: Vert.x binds one random port for all
         * the servers that listen on the same negative port (0 would give each instance its own port, and one
         * negative number for two listeners would mix their connections).
         */
        private static int sharedPort(ListenerSpec spec) {
            return spec.port() == 0 ? -1 - spec.kind().ordinal() : spec.port();
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
