package io.tsunagu.ingest.transport.amqp10;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * The attached links of one {@link Amqp10Connection} by number: attach, detach, end, flow and deliveries go to
 * their {@link PublishLink} or {@link ConsumeLink}, and so do this node's delivery-stream records for them. A link's
 * number is its {@link ChannelRef} channel, unique in the connection (never reused). Event-loop only.
 */
final class Amqp10Links {

    /** ChannelRef channel numbers are unsigned shorts; 0 is never used. */
    private static final int MAX_LINK_NUMBER = 0xFFFF;

    private final Amqp10Connection connection;
    private final Map<Integer, Amqp10Link> links = new HashMap<>();
    private int lastLinkNumber;

    Amqp10Links(Amqp10Connection connection) {
        this.connection = connection;
    }

    /** attach (§2.7.3): a client's sender publishes, a client's receiver consumes. */
    void onLinkOpen(Link link) {
        if (lastLinkNumber >= MAX_LINK_NUMBER) {
            Amqp10Link.refuse(link, new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
                    "too many links on this connection"));
            return;
        }
        int number = ++lastLinkNumber;
        ChannelRef ref = new ChannelRef(connection.services().nodeId(), connection.id(), number);
        Amqp10Link handler = link instanceof Receiver receiver ? new PublishLink(connection, receiver, ref)
                : new ConsumeLink(connection, (Sender) link, ref);
        links.put(number, handler);
        link.setContext(handler);
        handler.attach();
    }

    /** detach (§2.7.6): answered in kind (closing or not); the link is gone either way. */
    void onLinkClose(Link link, boolean closing) {
        if (link.getContext() instanceof Amqp10Link handler) {
            forget(handler);
        }
        if (closing) {
            link.close();
        } else {
            link.detach();
        }
    }

    /** end (§2.7.8): the session's links are gone with it. */
    void onSessionClose(Session session) {
        List<Amqp10Link> ended = new ArrayList<>();
        for (Amqp10Link link : links.values()) {
            if (link.link().getSession() == session) {
                ended.add(link);
            }
        }
        ended.forEach(this::forget);
        session.close();
    }

    /** The connection is gone: every link is. */
    void closeAll() {
        List.copyOf(links.values()).forEach(this::forget);
    }

    /** A link refused or ended: it is forgotten (and its consumer, if any, told). */
    void forget(Amqp10Link link) {
        if (links.remove(link.number()) != null) {
            link.closed();
        }
    }

    void onFlow(Link link) {
        if (link.getContext() instanceof ConsumeLink consumer) {
            consumer.onFlow();
        }
    }

    void onDelivery(Delivery delivery) {
        Object handler = delivery.getLink().getContext();
        if (handler instanceof PublishLink publisher) {
            publisher.onTransfer(delivery);
        } else if (handler instanceof ConsumeLink consumer) {
            consumer.onDisposition(delivery);
        }
    }

    /** A record of this node's delivery stream for the link it names. */
    void handleDelivery(AmqpDelivery delivery) {
        Amqp10Link link = links.get(delivery.channel().channel());
        if (link == null) {
            handBack(delivery);
        } else {
            link.handleDelivery(delivery);
        }
    }

    /**
     * A message for a link that is gone goes back to its queue (SETTLE REQUEUE; the link's CHANNEL_CLOSED may have
     * been handled before it was sent), as the 0-9-1 side does; other records need no answer.
     */
    void handBack(AmqpDelivery delivery) {
        if (delivery.kind() == AmqpDeliveryKind.DELIVER) {
            connection.send(new QueueCommand(connection.services().tenant(), delivery.queue(),
                    QueueCommandKind.SETTLE, delivery.channel(), "", 0, 0, QueueCommand.REQUEUE,
                    new long[] {delivery.queueOffset()}));
        }
    }
}
