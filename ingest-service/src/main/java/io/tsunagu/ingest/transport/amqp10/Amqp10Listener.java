package io.tsunagu.ingest.transport.amqp10;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.quarkus.runtime.ShutdownEvent;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.handoff.IngestPublisher;
import io.tsunagu.ingest.handoff.QueueCommandPublisher;
import io.tsunagu.ingest.session.Authenticator;
import io.tsunagu.ingest.transport.amqp.KnownExchanges;
import io.tsunagu.ingest.transport.amqp.topology.StorageTopology;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * AMQP 1.0 on the AMQP 0-9-1 listener's port ({@code tsunagu.ingest.amqp10.*}): the 0-9-1 listener hands over a
 * connection whose protocol header is {@code AMQP 0 1 0 0} or {@code AMQP 3 1 0 0} (SASL), with the bytes already
 * read, and an {@link Amqp10Connection} takes its place in the socket's pipeline. Also the registry of this node's
 * AMQP 1.0 connections, to which the 0-9-1 side's delivery-stream dispatch passes the records of connections it does
 * not know. Thread-safe.
 */
@ApplicationScoped
public class Amqp10Listener {

    private static final Logger LOG = Logger.getLogger(Amqp10Listener.class);

    @Inject
    IngestOptions options;
    @Inject
    Authenticator authenticator;
    @Inject
    IngestPublisher publisher;
    @Inject
    QueueCommandPublisher commands;
    @Inject
    KnownExchanges exchanges;
    @Inject
    StorageTopology topology;

    private final Map<String, Amqp10Connection> byId = new ConcurrentHashMap<>();
    private Amqp10Services services;

    @PostConstruct
    void init() {
        services = new Amqp10Services(options.amqp10(), options.amqp().ownerTimeout(), options.nodeId(),
                options.defaultTenant(), authenticator,
                new Amqp10Services.Backends(publisher, commands, exchanges, topology));
    }

    /** Whether AMQP 1.0 headers are served. */
    public boolean isEnabled() {
        return options.amqp10().enabled();
    }

    /**
     * Takes over the socket of {@code from} (the AMQP 0-9-1 handler, which removes itself right after): an AMQP 1.0
     * handler is added behind it and fed {@code alreadyRead}, the protocol header and whatever followed it (released
     * here). Event-loop only (the socket's).
     */
    public void accept(ChannelHandlerContext from, String connectionId, ByteBuf alreadyRead) {
        Amqp10Connection connection = new Amqp10Connection(services, connectionId, this::onClosed);
        byId.put(connectionId, connection);
        from.pipeline().addAfter(from.name(), Amqp10Connection.HANDLER_NAME, connection);
        connection.start(alreadyRead);
    }

    /**
     * Hands {@code delivery} to the AMQP 1.0 connection it names, on that connection's event loop; false when it
     * names none of this node's AMQP 1.0 connections.
     */
    public boolean deliver(AmqpDelivery delivery) {
        Amqp10Connection connection = options.nodeId().equals(delivery.channel().nodeId())
                ? byId.get(delivery.channel().connectionId()) : null;
        if (connection == null) {
            return false;
        }
        connection.deliver(delivery);
        return true;
    }

    /** Node shutdown: every AMQP 1.0 connection is closed with {@code amqp:connection:forced}. */
    void onStop(@Observes ShutdownEvent event) {
        byId.values().forEach(Amqp10Connection::shutdown);
        if (!byId.isEmpty()) {
            LOG.infof("AMQP 1.0: %d connections closed for shutdown", byId.size());
        }
    }

    private void onClosed(Amqp10Connection connection) {
        byId.remove(connection.id(), connection);
    }
}
