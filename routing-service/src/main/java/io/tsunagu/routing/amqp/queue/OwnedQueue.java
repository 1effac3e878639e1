package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpDelivery.Counts;
import io.tsunagu.contracts.amqp.AmqpDelivery.QueuePosition;
import io.tsunagu.contracts.amqp.AmqpDelivery.Reply;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.contracts.amqp.QueueMessage;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.routing.amqp.queue.QueueProgress.Admission;
import io.tsunagu.routing.amqp.topology.QueueDefinition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * One queue held by this replica: its ready messages ({@link ReadyIndex}), its unacknowledged deliveries by queue
 * offset, its consumers, and its progress ({@link QueueProgress}). It applies the queue's records and commands and
 * dispatches ready messages to consumers round-robin, each within its prefetch.
 *
 * <p>Stage 2: messages leaving without a consumer (TTL, length limits, dead-lettering) are the business of
 * {@link Departures}; x-expires is checked here (RabbitMQ: unused means no consumer, no basic.get and no redeclare,
 * which reaches the owner as the declare's STATUS, for that long; the queue is then deleted through storage). Another
 * connection than an exclusive queue's own gets 405 RESOURCE_LOCKED for CONSUME, GET, STATUS, PURGE and DELETE.
 *
 * <p>Threading: the owner thread only.
 */
final class OwnedQueue {

    /** RabbitMQ's largest x-max-priority. */
    private static final int MAX_PRIORITY = 255;
    /** A reply text is a short string: at most 255 bytes (AMQP 0-9-1 §4.2.5.3). */
    /** The commands refused to other connections than the owner of an exclusive queue (RabbitMQ: 405). */
    private static final Set<QueueCommandKind> OWNER_ONLY = EnumSet.of(QueueCommandKind.CONSUME,
            QueueCommandKind.GET, QueueCommandKind.STATUS, QueueCommandKind.PURGE, QueueCommandKind.DELETE);

    private final String vhost;
    private final String name;
    private final int partition;
    private final boolean autoDelete;
    private final QueueDefinition definition;
    private final QueueLimits limits;
    private final Departures departures;
    private long lastUsed = System.nanoTime();
    private boolean expiryAsked;
    private final QueueContext context;
    private final ReadyIndex ready;
    private final TreeMap<Long, Unacked> unacked = new TreeMap<>();
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private final QueueProgress progress;
    private int cursor = -1;

    /** A delivered message not settled yet: the channel holding it, and the consumer it counts against (or null). */
    private record Unacked(QueuedMessage message, ChannelRef channel, QueueConsumer consumer) {
    }

    /**
     * The queue {@code definition} in tsunagu.queue partition {@code partition}, rebuilt on {@code restored}.
     */
    OwnedQueue(QueueDefinition definition, int partition, QueueState restored, QueueContext context) {
        this.vhost = definition.vhost();
        this.name = definition.name();
        this.partition = partition;
        this.definition = definition;
        this.limits = QueueLimits.of(definition);
        // Exclusive queues go with their connection (ingest, or routing for a dead node), not here.
        this.autoDelete = definition.autoDelete() && !definition.exclusive();
        this.context = context;
        this.ready = new ReadyIndex(maxPriority(definition) + 1);
        this.progress = new QueueProgress(restored);
        this.departures = new Departures(this, limits, ready, context);
        for (QueueState.Consumer consumer : restored.consumers()) {
            consumers.add(new QueueConsumer(consumer.channel(), consumer.tag(), consumer.prefetch(),
                    consumer.flags()));
        }
    }

    /** x-max-priority, 0 without it (one level); as RabbitMQ, at most 255. */
    static int maxPriority(QueueDefinition definition) {
        Object value = definition.arguments().get("x-max-priority");
        if (value instanceof Number number) {
            return (int) Math.max(0, Math.min(MAX_PRIORITY, number.longValue()));
        }
        return 0;
    }

    String vhost() {
        return vhost;
    }

    String name() {
        return name;
    }

    int partition() {
        return partition;
    }

    QueueProgress progress() {
        return progress;
    }

    /** Applies the record at {@code offset} ({@code recordSize} bytes) holding {@code message}. */
    Admission take(long offset, QueueMessage message, int recordSize) {
        Admission admission = progress.admit(offset, message.source());
        if (admission == Admission.TAKE) {
            AmqpMessage body = message.message();
            QueuedMessage queued = new QueuedMessage(offset, priorityOf(body), recordSize,
                    context.keep(recordSize) ? body : null);
            queued.limits(departures.expiresAt(message), body.body().length());
            if (progress.mayHaveBeenDelivered(offset)) {
                queued.markRedelivered();
            }
            departures.arrived(queued);
        }
        return admission;
    }

    /** Expired messages at the head go (RabbitMQ expires messages at the head of the queue only). */
    void expireHead(long nowMillis) {
        departures.expireHead(nowMillis);
    }

    /** Kafka acknowledged the republish of the message at {@code offset}: it is settled. */
    void deadLettered(long offset) {
        departures.deadLettered(offset);
    }

    /** The republish of the message at {@code offset} failed: it is ready again (and dies again). */
    void deadLetterFailed(long offset) {
        departures.deadLetterFailed(offset);
    }

    /** x-expires: asks storage once to delete the queue when it was unused that long (RabbitMQ's queue expiry). */
    void checkUnused(long nowNanos) {
        if (limits.expires() == QueueLimits.NONE || expiryAsked || !consumers.isEmpty()) {
            return;
        }
        if ((nowNanos - lastUsed) / 1_000_000 >= limits.expires()) {
            expiryAsked = true;
            context.unused(this);
        }
    }

    /** The message's priority level: its priority property capped at x-max-priority (RabbitMQ). */
    private int priorityOf(AmqpMessage message) {
        if (ready.levels() == 1) {
            return 0;
        }
        try {
            return Math.min(BasicPropertiesCodec.priority(message.properties()), ready.levels() - 1);
        } catch (CodecException e) {
            // Properties travel as received; a section undecodable up to the priority ranks lowest, and the
            // consumer still gets it byte for byte.
            return 0;
        }
    }

    // ---- commands -------------------------------------------------------------------------------------------

    /** Applies {@code command} (its channel's node answers where the command asks for it). */
    void handle(QueueCommand command) {
        if (command.kind() == QueueCommandKind.CONSUME || command.kind() == QueueCommandKind.GET
                || command.kind() == QueueCommandKind.STATUS) {
            // RabbitMQ's x-expires counts basic.consume, basic.get and queue.declare as use.
            lastUsed = System.nanoTime();
        }
        departures.expireHead(System.currentTimeMillis());
        if (OWNER_ONLY.contains(command.kind())
                && !definition.usableBy(command.channel().nodeId(), command.channel().connectionId())) {
            reply(command, Counts.NONE, new Reply(405, locked()));
            return;
        }
        switch (command.kind()) {
            case CONSUME -> consume(command);
            case CANCEL -> cancel(command);
            case SETTLE -> settle(command);
            case GET -> get(command);
            case RECOVER -> requeueAll(command.channel());
            case CHANNEL_CLOSED -> channelGone(command.channel());
            case STATUS -> reply(command, new Counts(ready.count(), consumers.size()), Reply.OK);
            case PURGE -> purge(command);
            case DELETE -> delete(command);
        }
    }

    private void consume(QueueCommand command) {
        consumers.removeIf(consumer -> consumer.is(command.channel(), command.consumerTag()));
        boolean exclusiveHeld = consumers.stream().anyMatch(QueueConsumer::exclusive);
        if (exclusiveHeld || (command.has(QueueCommand.EXCLUSIVE) && !consumers.isEmpty())) {
            // RabbitMQ: basic.consume on a queue with an exclusive consumer, or exclusive on a queue with consumers.
            reply(command, Counts.NONE, new Reply(403, "ACCESS_REFUSED - " + describe() + " in exclusive use"));
            return;
        }
        consumers.add(new QueueConsumer(command.channel(), command.consumerTag(), command.prefetch(),
                command.flags()));
        progress.markDirty();
        reply(command, new Counts(ready.count(), consumers.size()), Reply.OK);
    }

    /** basic.cancel: no more deliveries; what it holds stays with its channel until settled or the channel goes. */
    private void cancel(QueueCommand command) {
        consumersGone(consumers.removeIf(consumer -> consumer.is(command.channel(), command.consumerTag())));
    }

    /** RabbitMQ deletes an auto-delete queue when its last consumer is cancelled or its channel closed. */
    private void consumersGone(boolean removed) {
        if (!removed) {
            return;
        }
        lastUsed = System.nanoTime();
        progress.markDirty();
        if (autoDelete && consumers.isEmpty()) {
            context.lastConsumerGone(this);
        }
    }

    private void settle(QueueCommand command) {
        for (long offset : command.offsets()) {
            if (command.has(QueueCommand.REQUEUE)) {
                requeue(offset, command.channel());
            } else if (command.has(QueueCommand.DISCARD) && limits.deadLetters()) {
                discard(offset);
            } else {
                acknowledge(offset);
            }
        }
    }

    /**
     * Settles the message at {@code offset}: an ack, or a discard (dropped until dead-lettering exists). A message
     * that is ready rather than unacknowledged was requeued by a rebuild while a channel still held it: that
     * channel's ack counts.
     */
    private void acknowledge(long offset) {
        QueuedMessage message = unackedOrReady(offset);
        if (message != null) {
            settled(message);
        }
    }

    /** nack/reject without requeue on a queue with a dead-letter exchange: dead-lettered, reason rejected. */
    private void discard(long offset) {
        QueuedMessage message = unackedOrReady(offset);
        if (message != null) {
            departures.deadLetterOrDrop(message, DeadLetters.REJECTED);
        }
    }

    /** Removes the message at {@code offset} from the unacknowledged (its consumer's credit back) or the ready. */
    private QueuedMessage unackedOrReady(long offset) {
        Unacked delivered = unacked.remove(offset);
        if (delivered != null) {
            release(delivered);
            return delivered.message();
        }
        return ready.remove(offset);
    }

    /** nack/reject with requeue: back to its original place, redelivered (RabbitMQ keeps order on requeue). */
    private void requeue(long offset, ChannelRef channel) {
        Unacked delivered = unacked.get(offset);
        if (delivered == null || !delivered.channel().equals(channel)) {
            return;
        }
        unacked.remove(offset);
        release(delivered);
        delivered.message().markRedelivered();
        ready.add(delivered.message());
    }

    /** basic.recover, channel close, node death: every unacknowledged message of {@code channel} goes back. */
    private void requeueAll(ChannelRef channel) {
        List<Long> held = new ArrayList<>();
        unacked.forEach((offset, delivered) -> {
            if (delivered.channel().equals(channel)) {
                held.add(offset);
            }
        });
        held.forEach(offset -> requeue(offset, channel));
    }

    /** The channel is gone (closed, or its node died): its consumers go and its messages go back. */
    void channelGone(ChannelRef channel) {
        requeueAll(channel);
        consumersGone(consumers.removeIf(consumer -> consumer.channel().equals(channel)));
    }

    private void release(Unacked delivered) {
        if (delivered.consumer() != null) {
            delivered.consumer().settled();
        }
    }

    /** {@code message} is settled: its progress, and its body released. */
    void settled(QueuedMessage message) {
        progress.settle(message.offset());
        context.settled(message);
    }

    private void get(QueueCommand command) {
        QueuedMessage message = ready.peek();
        if (message == null) {
            context.send(AmqpDelivery.getEmpty(command.channel(), command.requestId()));
            return;
        }
        // The bound is persisted while the message still counts as unsettled (ready), then it leaves the index.
        reserve(message);
        ready.poll();
        AmqpMessage body = context.messageOf(this, message);
        if (body == null) {
            settled(message);
            get(command);
            return;
        }
        QueuePosition position = new QueuePosition(name, message.offset(), message.redelivered(), ready.count());
        AmqpDelivery getOk = AmqpDelivery.getOk(command.channel(), command.requestId(), position, body);
        progress.markDirty();
        if (!context.send(getOk)) {
            ready.add(message);
        } else if (command.has(QueueCommand.NO_ACK)) {
            settled(message);
        } else {
            unacked.put(message.offset(), new Unacked(message, command.channel(), null));
        }
    }

    private void purge(QueueCommand command) {
        List<QueuedMessage> purged = ready.clear();
        purged.forEach(this::settled);
        context.persistNow(this);
        reply(command, new Counts(purged.size(), 0), Reply.OK);
    }

    /** queue.delete's conditions, with RabbitMQ's texts; the queue itself goes with the topology's tombstone. */
    private void delete(QueueCommand command) {
        if (command.has(QueueCommand.IF_UNUSED) && !consumers.isEmpty()) {
            reply(command, Counts.NONE, new Reply(406, "PRECONDITION_FAILED - " + describe() + " in use"));
        } else if (command.has(QueueCommand.IF_EMPTY) && !ready.isEmpty()) {
            reply(command, Counts.NONE, new Reply(406, "PRECONDITION_FAILED - " + describe() + " not empty"));
        } else {
            context.persistNow(this);
            reply(command, new Counts(ready.count(), consumers.size()), Reply.OK);
        }
    }

    private void reply(QueueCommand command, Counts counts, Reply reply) {
        context.send(AmqpDelivery.reply(command.channel(), command.requestId(), counts, reply));
    }

    /**
     * RabbitMQ's text for another connection's exclusive queue (rabbitmq-reference.md §d). It is longer than a
     * short string: ingest cuts it as RabbitMQ does, once it has put the vhost in the client's terms.
     */
    String locked() {
        return "RESOURCE_LOCKED - cannot obtain exclusive access to locked " + describe() + ". It could be"
                + " originally declared on another connection or the exclusive property value does not match that"
                + " of the original declaration.";
    }

    /** RabbitMQ's name of a queue in texts: {@code queue 'q' in vhost 'v'}. */
    String describe() {
        return "queue '" + name + "' in vhost '" + vhost + "'";
    }

    // ---- dispatch -------------------------------------------------------------------------------------------

    /**
     * Sends up to {@code limit} ready messages, highest priority first, to the consumers in turn, each only while
     * it has credit. Returns how many it sent.
     */
    int dispatch(int limit) {
        departures.expireHead(System.currentTimeMillis());
        int sent = 0;
        while (sent < limit && !ready.isEmpty()) {
            QueueConsumer consumer = nextWithCredit();
            if (consumer == null) {
                break;
            }
            // The bound is persisted while the message still counts as unsettled (ready), then it leaves the index.
            reserve(ready.peek());
            QueuedMessage message = ready.poll();
            if (deliver(consumer, message)) {
                sent++;
            } else {
                ready.add(message);
                channelGone(consumer.channel());
            }
        }
        return sent;
    }

    private QueueConsumer nextWithCredit() {
        for (int i = 0; i < consumers.size(); i++) {
            cursor = (cursor + 1) % consumers.size();
            QueueConsumer consumer = consumers.get(cursor);
            if (consumer.hasCredit()) {
                return consumer;
            }
        }
        return null;
    }

    /** Delivers {@code message}: it counts as delivered once handed to the producer. */
    private boolean deliver(QueueConsumer consumer, QueuedMessage message) {
        AmqpMessage body = context.messageOf(this, message);
        if (body == null) {
            // Its record is gone from the stream (retention): nothing left to deliver.
            settled(message);
            return true;
        }
        QueuePosition position = new QueuePosition(name, message.offset(), message.redelivered(), 0);
        AmqpDelivery delivery = AmqpDelivery.deliver(consumer.channel(), consumer.tag(), position, body);
        if (!context.send(delivery)) {
            return false;
        }
        consumer.delivered();
        progress.markDirty();
        if (consumer.noAck()) {
            settled(message);
        } else {
            unacked.put(message.offset(), new Unacked(message, consumer.channel(), consumer));
        }
        return true;
    }

    private void reserve(QueuedMessage message) {
        if (progress.needsBound(message.offset())) {
            context.reserveDelivery(this);
        }
    }

    /** The queue is deleted: each consumer is told (a server-side basic.cancel), and every body is released. */
    void deleted() {
        for (QueueConsumer consumer : consumers) {
            context.send(AmqpDelivery.cancel(consumer.channel(), consumer.tag()));
        }
        consumers.clear();
        ready.clear().forEach(context::settled);
        unacked.values().forEach(delivered -> context.settled(delivered.message()));
        unacked.clear();
        departures.release();
    }

    /** The queue moves to another owner: only its bodies are released here. */
    void forget() {
        ready.clear().forEach(context::settled);
        unacked.values().forEach(delivered -> context.settled(delivered.message()));
        departures.release();
    }

    // ---- state ----------------------------------------------------------------------------------------------

    /** Whether a dispatch pass could send something now. */
    boolean canDispatch() {
        return !ready.isEmpty() && consumers.stream().anyMatch(QueueConsumer::hasCredit);
    }

    /** The lowest offset not settled, or {@link Long#MAX_VALUE}. */
    long lowestUnsettled() {
        long lowest = ready.lowestOffset();
        lowest = Math.min(lowest, departures.lowestOffset());
        return unacked.isEmpty() ? lowest : Math.min(lowest, unacked.firstKey());
    }

    /** The state to persist, {@code position} being the queue partition's position. */
    QueueState snapshot(long position) {
        List<QueueState.Consumer> registered = new ArrayList<>();
        for (QueueConsumer consumer : consumers) {
            registered.add(new QueueState.Consumer(consumer.channel(), consumer.tag(), consumer.prefetch(),
                    consumer.flags(), context.channelSince(consumer.channel())));
        }
        return progress.snapshot(lowestUnsettled(), position, registered,
                new QueueState.Counts(ready.count(), unacked.size()));
    }

    /** The channels it knows: of its consumers and of its unacknowledged messages. */
    Set<ChannelRef> channels() {
        Set<ChannelRef> channels = new HashSet<>();
        consumers.forEach(consumer -> channels.add(consumer.channel()));
        unacked.values().forEach(delivered -> channels.add(delivered.channel()));
        return channels;
    }

    long readyCount() {
        return ready.count();
    }

    int consumerCount() {
        return consumers.size();
    }

    long unackedCount() {
        return unacked.size();
    }
}
