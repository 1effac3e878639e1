package io.tsunagu.ingest.transport.amqp;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.handoff.IngestPublisher;
import io.tsunagu.ingest.handoff.QueueCommandPublisher;
import io.tsunagu.ingest.session.Authenticator;
import io.tsunagu.ingest.transport.amqp.topology.StorageTopology;
import io.tsunagu.ingest.transport.amqp10.Amqp10Listener;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.impl.NetSocketInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The AMQP 0-9-1 listener ({@code tsunagu.ingest.amqp.*}): one Vert.x TCP server per event loop on Quarkus's Vert.x,
 * the instances sharing the port, each connection served by an {@link AmqpConnection} in its Netty pipeline. Ready
 * once every instance is bound; on shutdown every open connection gets connection.close 320 CONNECTION_FORCED
 * "broker shutdown" (bounded wait for close-ok), then the servers close.
 */
@ApplicationScoped
public class AmqpListener {

    private static final Logger LOG = Logger.getLogger(AmqpListener.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Vert.x binds one random port for every server listening on the same negative port; this number is the AMQP
     * listener's own (MqttListener uses -1 to -4 for its listeners).
     */
    private static final int SHARED_RANDOM_PORT = -17;

    @Inject
    Vertx vertx;
    @Inject
    IngestOptions options;
    @Inject
    Authenticator authenticator;
    @Inject
    AmqpMetrics metrics;
    @Inject
    AmqpConnections registry;
    @Inject
    StorageTopology topology;
    @Inject
    QueueCommandPublisher commands;
    @Inject
    IngestPublisher publisher;
    @Inject
    KnownExchanges exchanges;
    @Inject
    Amqp10Listener amqp10;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    private final AtomicLong connectionIds = new AtomicLong();
    /**
     * Connection ids are {@code amqp-<random>-<n>}: the random part is new for every run of the process, so an id
     * is unique on this node across restarts (queue owners and storage know connections by node and id).
     */
    private final String connectionIdPrefix = "amqp-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current()
            .nextInt()) + "-";
    private final Set<AmqpConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    private volatile boolean bound;
    private volatile AmqpServices services;

    /** Binds every listener instance, or fails the start (port taken, bad host). */
    void onStart(@Observes StartupEvent event) {
        IngestOptions.Amqp amqp = options.amqp();
        if (!amqp.enabled()) {
            LOG.info("AMQP 0-9-1 listener disabled");
            return;
        }
        PublishPressure pressure = new PublishPressure(amqp.blockedPublishesInFlight(), registry::all);
        AmqpBackends backends = new AmqpBackends(options.nodeId(), topology, commands, publisher, exchanges,
                pressure);
        services = new AmqpServices(amqp, options.defaultTenant(), authenticator, metrics,
                ServerProperties.start(version), backends, amqp10);
        int instances = options.mqtt().listenerInstances().orElse(2 * Runtime.getRuntime().availableProcessors());
        DeploymentOptions deployment = new DeploymentOptions().setInstances(instances);
        await(vertx.deployVerticle(ListenerVerticle::new, deployment), BIND_TIMEOUT);
        bound = true;
        new EarlierExclusiveQueues(vertx, topology, options.internalRequestTimeout()).delete(options.nodeId(),
                connectionIdPrefix);
        LOG.infof("AMQP 0-9-1 listening on %s:%d (%d instances)", amqp.host(), actualPort(), instances);
    }

    /** Closes every connection with 320 CONNECTION_FORCED (bounded wait for close-ok), then the servers. */
    void onStop(@Observes ShutdownEvent event) {
        if (!bound) {
            return;
        }
        bound = false;
        List<CompletableFuture<Void>> closing = connections.stream().map(AmqpConnection::shutdown).toList();
        awaitQuietly(CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)), options.shutdownTimeout());
        List<Future<Void>> closed = servers.stream().map(NetServer::close).toList();
        awaitQuietly(Future.join(closed).toCompletionStage().toCompletableFuture(), options.shutdownTimeout());
        LOG.infof("AMQP 0-9-1 listener stopped; %d connections closed", closing.size());
    }

    /** True once every listener instance is bound, until shutdown starts (and false when disabled). */
    public boolean isBound() {
        return bound;
    }

    /** Whether the listener is configured to start. */
    public boolean isEnabled() {
        return options.amqp().enabled();
    }

    /** The bound port (the chosen one when configured with 0), or -1 before binding or when disabled. */
    public int actualPort() {
        return servers.isEmpty() ? -1 : servers.get(0).actualPort();
    }

    private void accept(NetSocketInternal socket) {
        AmqpConnection connection = new AmqpConnection(services, connectionIdPrefix
                + connectionIds.incrementAndGet(), this::onClosed);
        // Added to the pipeline first: shutdown() needs the handler's context. Both run on the connection's event
        // loop, so the connection cannot close in between.
        socket.channelHandlerContext().pipeline().addBefore("handler", AmqpConnection.HANDLER_NAME, connection);
        connections.add(connection);
        registry.add(connection);
    }

    private void onClosed(AmqpConnection connection) {
        connections.remove(connection);
        registry.remove(connection, connection.tenant());
    }

    private static void await(Future<?> future, Duration timeout) {
        try {
            future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("AMQP listener could not bind: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("AMQP listener did not bind within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the AMQP listener", e);
        }
    }

    private static void awaitQuietly(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("AMQP shutdown step incomplete: %s", String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One listener instance, bound on this verticle's event loop. */
    private final class ListenerVerticle extends AbstractVerticle {
        @Override
        public void start(Promise<Void> started) {
            IngestOptions.Amqp amqp = options.amqp();
            NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
            server.connectHandler(socket -> accept((NetSocketInternal) socket));
            int port = amqp.port() == 0 ? SHARED_RANDOM_PORT : amqp.port();
            server.listen(port, amqp.host())
                    .onSuccess(servers::add)
                    .<Void>mapEmpty()
                    .onComplete(started);
        }
    }
}
