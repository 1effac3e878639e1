package io.tsunagu.ingest.transport.amqp10;

import io.netty.util.concurrent.ScheduledFuture;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sender;

/**
 * A client's receiver link (we send): its source address names a queue ({@link Amqp10Address#sourceQueue}). The
 * attach becomes a CONSUME for the queue's owner with prefetch {@code link-credit}, and is answered once the owner
 * replied (refused with the owner's answer otherwise, or {@code amqp:internal-error} when it does not answer within
 * the owner timeout). The owner's DELIVER records become transfers, held back while the client has granted no
 * credit. Dispositions become SETTLE commands: {@code accepted} acknowledges, {@code released} and
 * {@code modified} requeue (redelivered), {@code rejected} discards (or dead-letters). A link in settle mode
 * {@code settled} (at-most-once) consumes no-ack and sends its transfers presettled. When the link goes (detach,
 * end, close), the queue gets CHANNEL_CLOSED: the consumer goes and its unsettled messages go back. Event-loop only.
 */
final class ConsumeLink implements Amqp10Link {

    private static final Symbol RESOURCE_LOCKED = Symbol.valueOf("amqp:resource-locked");
    private static final Symbol RESOURCE_DELETED = Symbol.valueOf("amqp:resource-deleted");

    private final Amqp10Connection connection;
    private final Sender sender;
    private final ChannelRef ref;
    private final Queue<AmqpDelivery> held = new ArrayDeque<>();
    private String queue;
    private boolean noAck;
    private long consumeRequest;
    private ScheduledFuture<?> replyTimer;
    private boolean consuming;
    private long lastTag;

    ConsumeLink(Amqp10Connection connection, Sender sender, ChannelRef ref) {
        this.connection = connection;
        this.sender = sender;
        this.ref = ref;
    }

    @Override
    public Link link() {
        return sender;
    }

    @Override
    public int number() {
        return ref.channel();
    }

    private String consumerTag() {
        return "amq.ctag-amqp10-" + ref.channel();
    }

    @Override
    public void attach() {
        String sourceAddress = sender.getRemoteSource() instanceof Source source ? source.getAddress() : null;
        queue = Amqp10Address.sourceQueue(sourceAddress);
        if (queue == null) {
            refuse(new ErrorCondition(AmqpError.NOT_FOUND, "no such source address '" + sourceAddress + "'"));
            return;
        }
        noAck = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
        consumeRequest = connection.nextRequestId();
        int flags = noAck ? QueueCommand.NO_ACK : 0;
        connection.send(new QueueCommand(connection.services().tenant(), queue, QueueCommandKind.CONSUME, ref,
                consumerTag(), consumeRequest, connection.services().options().linkCredit(), flags, null));
        replyTimer = connection.schedule(this::ownerTimedOut, connection.services().ownerTimeout());
    }

    private void refuse(ErrorCondition condition) {
        Amqp10Link.refuse(sender, condition);
        connection.forget(this);
    }

    private void ownerTimedOut() {
        if (sender.getLocalState() == EndpointState.UNINITIALIZED) {
            refuse(new ErrorCondition(AmqpError.INTERNAL_ERROR, "queue '" + queue + "' did not answer"));
        }
    }

    @Override
    public void handleDelivery(AmqpDelivery delivery) {
        switch (delivery.kind()) {
            case REPLY -> onReply(delivery);
            case DELIVER -> onDeliver(delivery);
            case CANCEL -> onCancelled();
            default -> {
            }
        }
    }

    /** The owner's answer to CONSUME: 200 opens the link; 404 is not-found, 403 (exclusive) resource-locked. */
    private void onReply(AmqpDelivery reply) {
        if (reply.requestId() != consumeRequest || sender.getLocalState() != EndpointState.UNINITIALIZED) {
            return;
        }
        if (replyTimer != null) {
            replyTimer.cancel(false);
        }
        if (!reply.reply().isOk()) {
            Symbol condition = switch (reply.reply().code()) {
                case 404 -> AmqpError.NOT_FOUND;
                case 403 -> RESOURCE_LOCKED;
                default -> AmqpError.INTERNAL_ERROR;
            };
            refuse(new ErrorCondition(condition, reply.reply().text()));
            return;
        }
        Amqp10Link.accept(sender);
        consuming = true;
        sendHeld();
    }

    private void onDeliver(AmqpDelivery delivery) {
        held.add(delivery);
        sendHeld();
    }

    /** The queue was deleted (the owner's basic.cancel): the link is detached with resource-deleted. */
    private void onCancelled() {
        sender.setCondition(new ErrorCondition(RESOURCE_DELETED, "queue '" + queue + "' was deleted"));
        sender.close();
        connection.forget(this);
    }

    /** A flow from the client: more credit, or a drain request. */
    void onFlow() {
        sendHeld();
    }

    /** Sends held deliveries while the client grants credit; a drain with nothing left uses up the credit. */
    private void sendHeld() {
        if (!consuming) {
            return;
        }
        while (sender.getCredit() > 0 && !held.isEmpty()) {
            transfer(held.poll());
        }
        if (sender.getDrain() && held.isEmpty()) {
            sender.drained();
        }
    }

    private void transfer(AmqpDelivery delivery) {
        AmqpMessage message = delivery.message();
        byte[] encoded = connection.messages().encode(new Amqp10Messages.Outbound(message.properties(),
                message.routingKey(), message.body().toByteArray(), delivery.redelivered()));
        Delivery out = sender.delivery(ByteBuffer.allocate(Long.BYTES).putLong(++lastTag).array());
        out.setContext(delivery.queueOffset());
        sender.send(encoded, 0, encoded.length);
        sender.advance();
        if (noAck) {
            out.settle();
        }
    }

    /** The client's disposition: an outcome settles the message at its queue, then here. */
    void onDisposition(Delivery delivery) {
        DeliveryState state = delivery.getRemoteState();
        if (noAck || !(delivery.getContext() instanceof Long offset) || state == null && !delivery.remotelySettled()) {
            return;
        }
        int flags = switch (state) {
            case null -> 0;
            case Accepted accepted -> 0;
            case Released released -> QueueCommand.REQUEUE;
            case Modified modified -> QueueCommand.REQUEUE;
            case Rejected rejected -> QueueCommand.DISCARD;
            default -> -1;
        };
        if (flags < 0) {
            return;
        }
        connection.send(new QueueCommand(connection.services().tenant(), queue, QueueCommandKind.SETTLE, ref, "", 0,
                0, flags, new long[] {offset}));
        delivery.setContext(null);
        delivery.settle();
    }

    /** CHANNEL_CLOSED: the consumer goes, its unsettled and held messages go back to the queue. */
    @Override
    public void closed() {
        if (replyTimer != null) {
            replyTimer.cancel(false);
        }
        consuming = false;
        held.clear();
        if (queue != null) {
            connection.send(QueueCommand.of(connection.services().tenant(), queue, QueueCommandKind.CHANNEL_CLOSED,
                    ref));
        }
    }
}
