package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDeliveryKind;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.codec.amqp.Method;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;

/**
 * The consuming side of one channel. basic.qos: prefetch-count per new consumer (global=false) or for the whole
 * channel (global=true), as RabbitMQ 3.3+; prefetch-size is not implemented (540, as RabbitMQ). basic.consume,
 * cancel and get become queue commands for the queue's owner, which enforces a consumer's prefetch; the channel's
 * limit across queues is enforced here by holding deliveries back until acks make room. Delivery tags are the
 * channel's, 1, 2, 3... in the order written; basic.ack, nack and reject become SETTLE commands per queue. When the
 * channel goes, every queue it used gets CHANNEL_CLOSED (its consumers go, its unacknowledged messages go back).
 * Event-loop only.
 */
final class ChannelConsuming {

    /** A consumer of this channel. */
    private record Consumer(String queue, boolean noAck) {
    }

    private final AmqpChannel channel;
    private final Map<String, Consumer> consumers = new HashMap<>();
    /** Consumers whose basic.consume waits for the owner's REPLY. */
    private final Map<String, Consumer> pendingConsumers = new HashMap<>();
    private final UnackedDeliveries unacked = new UnackedDeliveries();
    private final Queue<AmqpDelivery> held = new ArrayDeque<>();
    private final Set<String> usedQueues = new LinkedHashSet<>();
    private int consumerPrefetch;
    private int channelPrefetch;
    private long lastDeliveryTag;

    ChannelConsuming(AmqpChannel channel) {
        this.channel = channel;
    }

    void handleQos(BasicMethod.Qos qos) {
        if (qos.prefetchSize() != 0) {
            channel.fail(ReplyCode.NOT_IMPLEMENTED, "NOT_IMPLEMENTED - prefetch_size!=0 (" + qos.prefetchSize() + ")",
                    qos);
            return;
        }
        if (qos.global()) {
            channelPrefetch = qos.prefetchCount();
            sendHeld();
        } else {
            consumerPrefetch = qos.prefetchCount();
        }
        channel.send(new BasicMethod.QosOk());
        channel.done();
    }

    /** basic.consume: consume-ok after the owner's REPLY (RabbitMQ: a reused tag is 530 NOT_ALLOWED). */
    void handleConsume(BasicMethod.Consume consume) {
        String queue = channel.queueName(consume.queue(), consume);
        if (queue == null) {
            return;
        }
        String tag = consume.consumerTag().isEmpty() ? "amq.ctag-" + UUID.randomUUID() : consume.consumerTag();
        if (consumers.containsKey(tag)) {
            channel.connection().closeConnection(ReplyCode.NOT_ALLOWED, "NOT_ALLOWED - attempt to reuse consumer tag '"
                    + tag + "'", consume);
            return;
        }
        boolean noAck = consume.is(BasicMethod.Consume.NO_ACK);
        int flags = (noAck ? QueueCommand.NO_ACK : 0)
                | (consume.is(BasicMethod.Consume.EXCLUSIVE) ? QueueCommand.EXCLUSIVE : 0);
        usedQueues.add(queue);
        if (consume.is(BasicMethod.Consume.NO_WAIT)) {
            consumers.put(tag, new Consumer(queue, noAck));
            long requestId = channel.requests().expect(answer -> onConsumeRefused(answer, tag, consume), null);
            channel.sendCommand(consumeCommand(queue, tag, requestId, flags));
            channel.done();
            return;
        }
        long requestId = channel.requests().expect(answer -> onConsumeAnswer(answer, tag, queue, consume),
                () -> ownerTimedOut(queue, consume));
        channel.sendCommand(consumeCommand(queue, tag, requestId, flags));
        pendingConsumers.put(tag, new Consumer(queue, noAck));
    }

    private QueueCommand consumeCommand(String queue, String tag, long requestId, int flags) {
        return new QueueCommand(channel.vhost(), queue, QueueCommandKind.CONSUME, channel.ref(), tag, requestId,
                ownerPrefetch(), flags, null);
    }

    /**
     * The consumer's limit at its queue's owner: its own (global=false), capped by the channel's (global=true),
     * since a consumer can never hold more than the whole channel may; this also bounds what the channel holds back.
     */
    private int ownerPrefetch() {
        if (channelPrefetch == 0 || consumerPrefetch == 0) {
            return Math.max(channelPrefetch, consumerPrefetch);
        }
        return Math.min(channelPrefetch, consumerPrefetch);
    }

    private void onConsumeAnswer(AmqpDelivery answer, String tag, String queue, BasicMethod.Consume consume) {
        Consumer consumer = pendingConsumers.remove(tag);
        if (!answer.reply().isOk()) {
            channel.fail(answer.reply().code(), answer.reply().text(), consume);
            return;
        }
        consumers.put(tag, consumer == null ? new Consumer(queue, false) : consumer);
        channel.send(new BasicMethod.ConsumeOk(tag));
        channel.done();
    }

    private void onConsumeRefused(AmqpDelivery answer, String tag, BasicMethod.Consume consume) {
        if (!answer.reply().isOk()) {
            consumers.remove(tag);
            channel.fail(answer.reply().code(), answer.reply().text(), consume);
        }
    }

    /** basic.cancel: cancel-ok at once; later deliveries to the tag go back to their queue. */
    void handleCancel(BasicMethod.Cancel cancel) {
        Consumer consumer = consumers.remove(cancel.consumerTag());
        if (consumer != null) {
            channel.sendCommand(new QueueCommand(channel.vhost(), consumer.queue(), QueueCommandKind.CANCEL,
                    channel.ref(), cancel.consumerTag(), 0, 0, 0, null));
        }
        if (!cancel.noWait()) {
            channel.send(new BasicMethod.CancelOk(cancel.consumerTag()));
        }
        channel.done();
    }

    /** basic.get: get-ok or get-empty from the queue's owner. */
    void handleGet(BasicMethod.Get get) {
        String queue = channel.queueName(get.queue(), get);
        if (queue == null) {
            return;
        }
        usedQueues.add(queue);
        long requestId = channel.requests().expect(answer -> onGetAnswer(answer, get),
                () -> ownerTimedOut(queue, get));
        channel.sendCommand(new QueueCommand(channel.vhost(), queue, QueueCommandKind.GET, channel.ref(), "",
                requestId, 0, get.noAck() ? QueueCommand.NO_ACK : 0, null));
    }

    private void onGetAnswer(AmqpDelivery answer, BasicMethod.Get get) {
        if (answer.kind() == AmqpDeliveryKind.GET_EMPTY) {
            channel.send(new BasicMethod.GetEmpty());
        } else if (answer.kind() == AmqpDeliveryKind.GET_OK) {
            long tag = ++lastDeliveryTag;
            if (!get.noAck()) {
                unacked.add(tag, answer.queue(), answer.queueOffset());
            }
            AmqpMessage message = answer.message();
            channel.sendContent(new BasicMethod.GetOk(tag, answer.redelivered(), message.exchange(),
                    message.routingKey(), answer.counts().messages()), message);
        } else if (!answer.reply().isOk()) {
            channel.fail(answer.reply().code(), answer.reply().text(), get);
            return;
        }
        channel.done();
    }

    void handleAck(BasicMethod.Ack ack) {
        settle(ack.deliveryTag(), ack.multiple(), 0, ack);
    }

    void handleNack(BasicMethod.Nack nack) {
        settle(nack.deliveryTag(), nack.multiple(), nack.requeue() ? QueueCommand.REQUEUE : QueueCommand.DISCARD,
                nack);
    }

    void handleReject(BasicMethod.Reject reject) {
        settle(reject.deliveryTag(), false, reject.requeue() ? QueueCommand.REQUEUE : QueueCommand.DISCARD, reject);
    }

    private void settle(long deliveryTag, boolean multiple, int flags, Method method) {
        List<UnackedDeliveries.Unacked> settled = unacked.take(deliveryTag, multiple);
        if (settled == null) {
            channel.fail(ReplyCode.PRECONDITION_FAILED, "PRECONDITION_FAILED - unknown delivery tag " + deliveryTag,
                    method);
            return;
        }
        if (channel.publishing().inTransaction()) {
            channel.publishing().holdSettlement(settled, flags);
        } else {
            sendSettlements(settled, flags);
        }
        sendHeld();
        channel.done();
    }

    /** One SETTLE per queue for {@code settled}. */
    void sendSettlements(List<UnackedDeliveries.Unacked> settled, int flags) {
        UnackedDeliveries.offsetsByQueue(settled).forEach((queue, offsets) -> channel.sendCommand(
                new QueueCommand(channel.vhost(), queue, QueueCommandKind.SETTLE, channel.ref(), "", 0, 0, flags,
                        offsets)));
    }

    /** A rolled-back transaction's acks: the deliveries are unacknowledged again. */
    void restore(List<UnackedDeliveries.Unacked> deliveries) {
        unacked.restore(deliveries);
    }

    /** basic.recover: requeue=true gives every unacknowledged message back; false is 540, as RabbitMQ. */
    void handleRecover(boolean requeue, Method method) {
        if (!requeue) {
            channel.connection().closeConnection(ReplyCode.NOT_IMPLEMENTED, "NOT_IMPLEMENTED - requeue=false", method);
            return;
        }
        Set<String> queues = unacked.queues();
        held.forEach(delivery -> queues.add(delivery.queue()));
        unacked.takeAll();
        held.clear();
        queues.forEach(queue -> channel.sendCommand(channel.command(queue, QueueCommandKind.RECOVER)));
        if (method instanceof BasicMethod.Recover) {
            channel.send(new BasicMethod.RecoverOk());
        }
        channel.done();
    }

    /**
     * A DELIVER: written now, or held while the channel's prefetch (global qos) is used up. One for a consumer this
     * channel does not have (cancelled, or of an earlier channel with this number: a channel's address carries no
     * incarnation) goes back to its queue.
     */
    void onDeliver(AmqpDelivery delivery) {
        Consumer consumer = consumers.get(delivery.consumerTag());
        if (consumer == null || !consumer.queue().equals(delivery.queue())) {
            channel.handBack(delivery);
        } else if (consumer.noAck()) {
            write(delivery, false);
        } else if (channelPrefetch > 0 && unacked.size() >= channelPrefetch) {
            held.add(delivery);
        } else {
            write(delivery, true);
        }
    }

    private void sendHeld() {
        while (!held.isEmpty() && (channelPrefetch == 0 || unacked.size() < channelPrefetch)) {
            AmqpDelivery delivery = held.poll();
            if (consumers.containsKey(delivery.consumerTag())) {
                write(delivery, true);
            } else {
                channel.handBack(delivery);
            }
        }
    }

    private void write(AmqpDelivery delivery, boolean track) {
        long tag = ++lastDeliveryTag;
        if (track) {
            unacked.add(tag, delivery.queue(), delivery.queueOffset());
        }
        AmqpMessage message = delivery.message();
        channel.sendContent(new BasicMethod.Deliver(delivery.consumerTag(), tag, delivery.redelivered(),
                message.exchange(), message.routingKey()), message);
    }

    /**
     * The owner cancelled a consumer (its queue was deleted): basic.cancel to clients that announced
     * consumer_cancel_notify (RabbitMQ sends it with nowait=true).
     */
    void onServerCancel(AmqpDelivery cancel) {
        if (consumers.remove(cancel.consumerTag()) != null && channel.connection().cancelNotify()) {
            channel.send(new BasicMethod.Cancel(cancel.consumerTag(), true));
        }
    }

    private void ownerTimedOut(String queue, Method method) {
        channel.connection().closeConnection(ReplyCode.INTERNAL_ERROR, "INTERNAL_ERROR - the owner of queue '"
                + queue + "' did not answer within " + channel.requests().timeout(), method);
    }

    /** The channel is gone: every queue it used is told. */
    void close() {
        Set<String> queues = new LinkedHashSet<>(usedQueues);
        queues.addAll(unacked.queues());
        consumers.values().forEach(consumer -> queues.add(consumer.queue()));
        queues.forEach(queue -> channel.sendCommand(channel.command(queue, QueueCommandKind.CHANNEL_CLOSED)));
        consumers.clear();
        pendingConsumers.clear();
        unacked.takeAll();
        held.clear();
    }
}
