package io.tsunagu.ingest.transport.amqp;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.handoff.AmqpDeliverySink;
import io.tsunagu.ingest.handoff.QueueCommandPublisher;
import io.tsunagu.ingest.transport.amqp10.Amqp10Listener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The AMQP connections of this node by connection id, and the dispatch of this node's AMQP delivery-stream records
 * to them: each record runs on its connection's event loop, in stream order. A delivery (or get-ok) for a
 * connection that is gone is handed back to its queue (SETTLE with REQUEUE), so its owner delivers it elsewhere;
 * other records for a gone connection are dropped. Thread-safe.
 */
@ApplicationScoped
public class AmqpConnections implements AmqpDeliverySink {

    private static final Logger LOG = Logger.getLogger(AmqpConnections.class);

    @Inject
    IngestOptions options;
    @Inject
    QueueCommandPublisher commands;
    /** AMQP 1.0 connections of this node: records for a connection not known here go there first. */
    @Inject
    Amqp10Listener amqp10;

    /** How long a closed connection's virtual host is remembered for records still on their way. */
    static final Duration DEPARTED_FOR = Duration.ofMinutes(1);

    private final Map<String, AmqpConnection> byId = new ConcurrentHashMap<>();
    private final Map<String, String> departed = new ConcurrentHashMap<>();

    /** The open connections now. */
    Collection<AmqpConnection> all() {
        return byId.values();
    }

    void add(AmqpConnection connection) {
        byId.put(connection.id(), connection);
    }

    /**
     * The connection closed: its id is remembered with its virtual host for {@link #DEPARTED_FOR}, because a
     * delivery record names a channel, not a virtual host, and one still on its way must go back to its queue.
     */
    void remove(AmqpConnection connection, String vhost) {
        byId.remove(connection.id(), connection);
        if (vhost != null) {
            departed.put(connection.id(), vhost);
            connection.schedule(() -> departed.remove(connection.id()), DEPARTED_FOR);
        }
    }

    @Override
    public Uni<Void> deliver(AmqpDelivery delivery) {
        AmqpConnection connection = options.nodeId().equals(delivery.channel().nodeId())
                ? byId.get(delivery.channel().connectionId()) : null;
        if (connection == null && amqp10.deliver(delivery)) {
            return Uni.createFrom().voidItem();
        }
        if (connection == null) {
            String vhost = departed.getOrDefault(delivery.channel().connectionId(), options.defaultTenant());
            handBack(commands, vhost, delivery);
        } else {
            connection.onEventLoop(() -> connection.handleDelivery(delivery));
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * A message for a channel or consumer that no longer exists goes back to its queue of {@code vhost}, marked
     * redelivered by the owner (the channel's CHANNEL_CLOSED may have been handled before it was sent). Nothing
     * else needs an answer.
     */
    static void handBack(QueueCommandPublisher commands, String vhost, AmqpDelivery delivery) {
        if (delivery.kind() != AmqpDeliveryKind.DELIVER && delivery.kind() != AmqpDeliveryKind.GET_OK) {
            return;
        }
        QueueCommand settle = new QueueCommand(vhost, delivery.queue(), QueueCommandKind.SETTLE, delivery.channel(),
                "", 0, 0, QueueCommand.REQUEUE, new long[] {delivery.queueOffset()});
        commands.send(settle).subscribe().with(done -> {
        }, failure -> LOG.warnf("could not hand back message %d of queue '%s' for a closed channel: %s",
                delivery.queueOffset(), delivery.queue(), String.valueOf(failure)));
    }
}
