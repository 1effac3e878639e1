package io.tsunagu.ingest.transport.amqp10;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.ingest.transport.amqp.topology.Requester;
import io.tsunagu.ingest.transport.amqp.topology.TopologyAnswer;
import io.tsunagu.ingest.transport.amqp.topology.TopologyRequests;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;

/**
 * A client's sender link (we receive): its target address names an exchange and routing key
 * ({@link Amqp10Address}); each transfer becomes an {@link AmqpPublishEvent} on the publish stream, keyed by this
 * link's {@link ChannelRef} so its messages stay in order. An unsettled transfer gets a publish sequence number
 * (as a confirm-mode channel's) and is published mandatory: routing's OUTCOME settles it {@code accepted}, or
 * {@code released} when a RETURN came first (no queue took it: RabbitMQ 4 answers released for an unroutable
 * message) or Kafka refused it (our failure: the client may resend). A transfer that does not map is
 * {@code rejected} with its condition. Presettled transfers are fire-and-forget. Credit: the link gets
 * {@code link-credit}, topped up when what is outstanding (credit plus transfers not yet finished) falls to half.
 * Event-loop only.
 */
final class PublishLink implements Amqp10Link {

    private final Amqp10Connection connection;
    private final Receiver receiver;
    private final ChannelRef ref;
    private final int window;
    private final Map<Long, Delivery> unsettled = new HashMap<>();
    private final Set<Long> returned = new HashSet<>();
    private Amqp10Address address;
    private long lastSeq;
    private int unfinished;
    private boolean open;

    PublishLink(Amqp10Connection connection, Receiver receiver, ChannelRef ref) {
        this.connection = connection;
        this.receiver = receiver;
        this.ref = ref;
        this.window = connection.services().options().linkCredit();
    }

    @Override
    public Link link() {
        return receiver;
    }

    @Override
    public int number() {
        return ref.channel();
    }

    /** Checks the target: an exchange this node does not know is asked of storage (RabbitMQ: not-found). */
    @Override
    public void attach() {
        String targetAddress = receiver.getRemoteTarget() instanceof Target target ? target.getAddress() : null;
        address = Amqp10Address.target(targetAddress);
        if (address == null) {
            refuse(AmqpError.NOT_FOUND, "no such target address '" + targetAddress + "'");
            return;
        }
        Amqp10Services services = connection.services();
        if (services.backends().exchanges().contains(services.tenant(), address.exchange())) {
            open();
            return;
        }
        Requester requester = new Requester(services.tenant(), services.nodeId(), connection.id());
        services.backends().topology().send(TopologyRequests.checkExchange(requester, address.exchange()))
                .subscribe().with(answer -> connection.onEventLoop(() -> onExchangeChecked(answer)));
    }

    private void onExchangeChecked(TopologyAnswer answer) {
        if (receiver.getLocalState() != EndpointState.UNINITIALIZED) {
            return;
        }
        String name = "exchange '" + address.exchange() + "'";
        if (answer.replyCode() == 404) {
            refuse(AmqpError.NOT_FOUND, "no " + name + " in vhost '/'");
        } else if (!answer.isAccepted()) {
            refuse(AmqpError.INTERNAL_ERROR, answer.replyText());
        } else if (answer.entity().getBoolean("internal", false)) {
            refuse(AmqpError.UNAUTHORIZED_ACCESS, "cannot publish to internal " + name);
        } else {
            connection.services().backends().exchanges().add(connection.services().tenant(), address.exchange());
            open();
        }
    }

    private void refuse(Symbol condition, String description) {
        Amqp10Link.refuse(receiver, new ErrorCondition(condition, description));
        connection.forget(this);
    }

    private void open() {
        receiver.setMaxMessageSize(UnsignedLong.valueOf(connection.services().options().maxMessageSize()
                .asLongValue()));
        Amqp10Link.accept(receiver);
        open = true;
        receiver.flow(window);
    }

    /** A transfer (or more of one): once complete, it is mapped and handed to the publish stream. */
    void onTransfer(Delivery delivery) {
        if (!open || !delivery.isReadable()) {
            return;
        }
        long limit = connection.services().options().maxMessageSize().asLongValue();
        if (delivery.pending() > limit) {
            // AMQP 1.0 §2.7.3 max-message-size: the receiver may detach with message-size-exceeded.
            receiver.setCondition(new ErrorCondition(LinkError.MESSAGE_SIZE_EXCEEDED, "message larger than "
                    + limit + " bytes"));
            receiver.close();
            connection.forget(this);
            return;
        }
        if (delivery.isPartial()) {
            return;
        }
        byte[] encoded = new byte[delivery.pending()];
        receiver.recv(encoded, 0, encoded.length);
        receiver.advance();
        handleMessage(delivery, encoded);
        topUp();
    }

    private void handleMessage(Delivery delivery, byte[] encoded) {
        Amqp10Messages.Inbound message;
        try {
            message = connection.messages().decode(encoded);
        } catch (Amqp10Messages.Refused refused) {
            settle(delivery, rejected(refused));
            return;
        }
        boolean presettled = delivery.remotelySettled();
        long seq = presettled ? 0 : ++lastSeq;
        if (presettled) {
            delivery.settle();
        } else {
            unsettled.put(seq, delivery);
        }
        unfinished++;
        publish(toEvent(message, seq, !presettled), seq, presettled);
    }

    private static Rejected rejected(Amqp10Messages.Refused refused) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(refused.condition(), refused.getMessage()));
        return rejected;
    }

    private AmqpPublishEvent toEvent(Amqp10Messages.Inbound message, long seq, boolean mandatory) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String routingKey = address.routingKey() != null ? address.routingKey()
                : message.subject() == null ? "" : message.subject();
        AmqpMessage amqpMessage = new AmqpMessage(address.exchange(), routingKey, message.properties(),
                Payload.wrap(message.body()));
        return new AmqpPublishEvent(MessageIds.next(now.toEpochMilli()), now, connection.services().tenant(), ref,
                seq, mandatory, amqpMessage);
    }

    private void publish(AmqpPublishEvent event, long seq, boolean presettled) {
        connection.services().backends().publisher().publishAmqp(event).subscribe().with(
                done -> connection.onEventLoop(() -> onHandedOff(seq, presettled, true)),
                failure -> connection.onEventLoop(() -> onHandedOff(seq, presettled, false)));
    }

    /** Kafka answered: a presettled transfer is finished; a refused unsettled one is released. */
    private void onHandedOff(long seq, boolean presettled, boolean accepted) {
        if (presettled) {
            unfinished--;
            topUp();
        } else if (!accepted) {
            finish(seq, new Released());
        }
    }

    @Override
    public void handleDelivery(AmqpDelivery delivery) {
        if (delivery.kind() == AmqpDeliveryKind.RETURN) {
            returned.add(delivery.requestId());
        } else if (delivery.kind() == AmqpDeliveryKind.OUTCOME) {
            boolean unroutable = returned.remove(delivery.requestId());
            finish(delivery.requestId(), unroutable ? new Released() : Accepted.getInstance());
        }
    }

    private void finish(long seq, DeliveryState outcome) {
        Delivery delivery = unsettled.remove(seq);
        if (delivery == null) {
            return;
        }
        unfinished--;
        settle(delivery, outcome);
        topUp();
    }

    private static void settle(Delivery delivery, DeliveryState outcome) {
        delivery.disposition(outcome);
        delivery.settle();
    }

    /** Keeps the sender's credit near the window, counting transfers not yet finished against it. */
    private void topUp() {
        if (!open) {
            return;
        }
        int outstanding = receiver.getCredit() + unfinished;
        if (outstanding <= window / 2) {
            receiver.flow(window - outstanding);
        }
    }

    @Override
    public void closed() {
        open = false;
        unsettled.clear();
        returned.clear();
    }
}
