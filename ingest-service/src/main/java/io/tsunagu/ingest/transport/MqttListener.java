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
import io.vertx.mqtt.MqttServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The MQTT/TCP listener: one vertx-mqtt server per event loop on Quarkus's Vert.x, all sharing one port, with every
 * limit set explicitly. Ready once every instance is bound; on shutdown it stops accepting, waits (bounded) for
 * in-flight hand-offs, then disconnects every client (MQTT 5: 0x8B) and closes.
 */
@ApplicationScoped
public class MqttListener {

    private static final Logger LOG = Logger.getLogger(MqttListener.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
    /** Vert.x shares one random port among servers that listen on a negative port (0 would give each its own). */
    private static final int SHARED_RANDOM_PORT = -1;

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
    private volatile List<MqttServer> servers = List.of();
    private volatile boolean bound;
    private volatile ConnectionServices services;

    /** Binds every listener instance, or fails the start (port taken, bad host). */
    void onStart(@Observes StartupEvent event) {
        IngestOptions.Mqtt mqtt = options.mqtt();
        services = new ConnectionServices(options, identity, registry, metrics, publisher, sessions, authenticator,
                new TopicLimits(mqtt.maxTopicLength(), mqtt.maxTopicLevels()), authorizer, pendingWills, handBack,
                new ConnectionServices.Cluster(directory, queues, progress, departed));
        int instances = mqtt.listenerInstances().orElse(2 * Runtime.getRuntime().availableProcessors());
        List<MqttServer> boundServers = new CopyOnWriteArrayList<>();
        // One verticle instance per server: Vert.x gives each its own event-loop context.
        DeploymentOptions deployment = new DeploymentOptions().setInstances(instances);
        await(vertx.deployVerticle(() -> new ListenerVerticle(boundServers::add), deployment), BIND_TIMEOUT);
        servers = List.copyOf(boundServers);
        this.bound = true;
        LOG.infof("MQTT listening on %s:%d (%d instances), node %s", mqtt.host(), actualPort(), instances,
                identity.nodeId());
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
        awaitQuietly(Future.join(servers.stream().map(MqttServer::close).toList()), remaining(deadline));
        LOG.infof("MQTT listener stopped; %d connections closed", open.size());
    }

    /** True once every listener instance is bound, until shutdown starts. */
    public boolean isBound() {
        return bound;
    }

    /** The port the listener is bound to (the chosen one when configured with 0), or -1 before binding. */
    public int actualPort() {
        List<MqttServer> current = servers;
        return current.isEmpty() ? -1 : current.get(0).actualPort();
    }

    private void onEndpoint(MqttEndpoint endpoint) {
        Context context = Vertx.currentContext();
        String connectionId = "mqtt-" + connectionIds.incrementAndGet();
        MqttConnection connection = new MqttConnection(endpoint, context, services, connectionId);
        traffic.watch(connection.channel());
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

    /** One listener instance: a vertx-mqtt server bound on this verticle's event loop. */
    private final class ListenerVerticle extends AbstractVerticle {
        private final Consumer<MqttServer> onBound;

        ListenerVerticle(Consumer<MqttServer> onBound) {
            this.onBound = onBound;
        }

        @Override
        public void start(Promise<Void> started) {
            IngestOptions.Mqtt mqtt = options.mqtt();
            int port = mqtt.port() == 0 ? SHARED_RANDOM_PORT : mqtt.port();
            MqttServer.create(vertx, MqttServerOptionsFactory.create(mqtt))
                    .endpointHandler(MqttListener.this::onEndpoint)
                    .exceptionHandler(MqttListener.this::onRejectedConnection)
                    .listen(port, mqtt.host())
                    .onSuccess(onBound::accept)
                    .<Void>mapEmpty()
                    .onComplete(started);
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
