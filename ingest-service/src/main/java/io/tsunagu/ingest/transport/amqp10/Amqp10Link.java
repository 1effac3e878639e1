package io.tsunagu.ingest.transport.amqp10;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;

/** One attached link of an {@link Amqp10Connection}. Event-loop only. */
interface Amqp10Link {

    /** The engine's link. */
    Link link();

    /** The link's number in its connection (its ChannelRef channel). */
    int number();

    /** The peer's attach arrived: check its address, then answer it. */
    void attach();

    /** A delivery-stream record for this link. */
    void handleDelivery(AmqpDelivery delivery);

    /** The link is gone (detach, end, close, or the socket). */
    void closed();

    /**
     * Refuses an attach as RabbitMQ does (AMQP 1.0 §2.6.3): the attach is answered with a null terminus on our side,
     * then the link is detached (closed) with {@code condition}.
     */
    static void refuse(Link link, ErrorCondition condition) {
        link.setSource(link.getRemoteSource());
        link.setTarget(link.getRemoteTarget());
        if (link instanceof Receiver) {
            link.setTarget(null);
        } else {
            link.setSource(null);
        }
        link.open();
        link.setCondition(condition);
        link.close();
    }

    /**
     * Answers the attach: our terminus mirrors the peer's, and so do the settle modes, except that as the receiver
     * we settle first (AMQP 1.0 §2.8.3: the receiver's rcv-settle-mode is authoritative; we do not wait for the
     * sender to settle before we do).
     */
    static void accept(Link link) {
        link.setSource(link.getRemoteSource());
        link.setTarget(link.getRemoteTarget());
        link.setSenderSettleMode(link.getRemoteSenderSettleMode());
        link.setReceiverSettleMode(link instanceof Receiver ? ReceiverSettleMode.FIRST
                : link.getRemoteReceiverSettleMode());
        link.open();
    }
}
