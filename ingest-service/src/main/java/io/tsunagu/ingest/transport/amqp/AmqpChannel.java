package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.codec.amqp.ConfirmMethod;
import io.tsunagu.ingest.codec.amqp.ExchangeMethod;
import io.tsunagu.ingest.codec.amqp.Frame;
import io.tsunagu.ingest.codec.amqp.Method;
import io.tsunagu.ingest.codec.amqp.QueueMethod;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import io.tsunagu.ingest.codec.amqp.TxMethod;
import java.util.ArrayDeque;
import java.util.Queue;
import org.jboss.logging.Logger;

/**
 * One open AMQP channel: its commands run one at a time in the order they arrived (AMQP replies to a channel's
 * synchronous methods in order, so the next method, publishes included, waits while one is answered by storage or
 * a queue owner), its content frames are assembled into publishes as they arrive, and this node's delivery-stream
 * records for it are dispatched to the publishing or consuming side. Every command calls {@link #done()} once
 * finished. Event-loop only.
 */
final class AmqpChannel {

    private static final Logger LOG = Logger.getLogger(AmqpChannel.class);

    private final AmqpConnection connection;
    private final int number;
    private final ChannelRef ref;
    private final ContentAssembly assembly;
    private final OwnerRequests requests;
    private final ChannelTopology topology;
    private final ChannelPublishing publishing;
    private final ChannelConsuming consuming;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean draining;
    private boolean closed;
    private String lastQueue;

    AmqpChannel(AmqpConnection connection, int number) {
        this.connection = connection;
        this.number = number;
        this.ref = new ChannelRef(connection.backends().nodeId(), connection.id(), number);
        this.assembly = new ContentAssembly(connection.options().maxMessageSize().asLongValue());
        this.requests = new OwnerRequests(connection, connection.options().ownerTimeout());
        this.topology = new ChannelTopology(this);
        this.publishing = new ChannelPublishing(this);
        this.consuming = new ChannelConsuming(this);
    }

    /** Whether a basic.publish waits for its content: any method frame of this channel now is 505. */
    boolean awaitsContent() {
        return assembly.awaitsContent();
    }

    /** A method of class exchange, queue, basic, confirm or tx. */
    void handleMethod(Method method) {
        if (assembly.awaitsContent()) {
            connection.closeConnection(ReplyCode.UNEXPECTED_FRAME, assembly.unexpectedMethodText(), method);
        } else if (method instanceof BasicMethod.Publish publish && publish.immediate()) {
            // RabbitMQ 3.0+ removed immediate: rabbit_channel answers not_implemented "immediate=true".
            connection.closeConnection(ReplyCode.NOT_IMPLEMENTED, "NOT_IMPLEMENTED - immediate=true", method);
        } else if (method instanceof BasicMethod.Publish publish) {
            assembly.start(publish);
        } else {
            enqueue(() -> dispatch(method));
        }
    }

    /** A content header or body frame of this channel. */
    void handleContent(Frame frame) {
        // RabbitMQ names basic.publish in the close of a refused content (e.g. its max_message_size 406).
        BasicMethod.Publish publish = assembly.pending();
        ContentAssembly.Step step = assembly.accept(frame);
        if (step.isFailure()) {
            connection.fail(number, step.code(), step.text(), publish);
        } else if (step.complete() != null) {
            PublishCommand complete = step.complete();
            enqueue(() -> publishing.handlePublish(complete));
        }
    }

    /** A record of this node's delivery stream for this channel. */
    void handleDelivery(AmqpDelivery delivery) {
        switch (delivery.kind()) {
            case DELIVER -> consuming.onDeliver(delivery);
            case CANCEL -> consuming.onServerCancel(delivery);
            case OUTCOME -> publishing.onOutcome(delivery);
            case RETURN -> publishing.onReturn(delivery);
            case GET_OK, GET_EMPTY, REPLY -> answer(delivery);
        }
    }

    private void answer(AmqpDelivery delivery) {
        if (!requests.answer(delivery)) {
            LOG.debugf("AMQP connection %s channel %d: late %s for request %d", connection.id(), number,
                    delivery.kind(), delivery.requestId());
            handBack(delivery);
        }
    }

    private void dispatch(Method method) {
        switch (method) {
            case ExchangeMethod exchange -> topology.handle(exchange);
            case QueueMethod queue -> topology.handle(queue);
            case BasicMethod.Qos qos -> consuming.handleQos(qos);
            case BasicMethod.Consume consume -> consuming.handleConsume(consume);
            case BasicMethod.Cancel cancel -> consuming.handleCancel(cancel);
            case BasicMethod.Get get -> consuming.handleGet(get);
            case BasicMethod.Ack ack -> consuming.handleAck(ack);
            case BasicMethod.Nack nack -> consuming.handleNack(nack);
            case BasicMethod.Reject reject -> consuming.handleReject(reject);
            case BasicMethod.Recover recover -> consuming.handleRecover(recover.requeue(), recover);
            case BasicMethod.RecoverAsync recover -> consuming.handleRecover(recover.requeue(), recover);
            case ConfirmMethod.Select select -> publishing.handleConfirmSelect(select);
            case TxMethod.Select select -> publishing.handleTxSelect(select);
            case TxMethod.Commit commit -> publishing.handleTxCommit(commit);
            case TxMethod.Rollback rollback -> publishing.handleTxRollback(rollback);
            default -> fail(ReplyCode.COMMAND_INVALID, "COMMAND_INVALID - unexpected " + MethodNames.of(method),
                    method);
        }
    }

    private void enqueue(Runnable command) {
        waiting.add(command);
        if (!busy && !draining) {
            runWaiting();
        }
    }

    /** The running command is finished: the next one may run. */
    void done() {
        busy = false;
        if (!draining) {
            runWaiting();
        }
    }

    private void runWaiting() {
        draining = true;
        try {
            while (!busy && !closed && !waiting.isEmpty()) {
                busy = true;
                waiting.poll().run();
            }
        } finally {
            draining = false;
        }
    }

    /**
     * The channel closed (either side), or its connection: queued commands are dropped, and every queue it consumed
     * from or holds unacknowledged messages of is told (CHANNEL_CLOSED: its consumers go, its messages go back).
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        waiting.clear();
        assembly.reset();
        requests.cancelAll();
        consuming.close();
        publishing.close();
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs {@code step} on the event loop if the channel is still open then. */
    void later(Runnable step) {
        connection.onEventLoop(() -> {
            if (!closed) {
                step.run();
            }
        });
    }

    /** An error on this channel: a soft code closes it, a hard one the connection (§1.2). */
    void fail(ReplyCode code, String text, Method method) {
        connection.fail(number, code, text, method);
    }

    /** An error answered by storage or a queue owner, by its reply code (unknown codes are 541). */
    void fail(int replyCode, String text, Method method) {
        ReplyCode code = ReplyCode.fromCode(replyCode);
        fail(code == null ? ReplyCode.INTERNAL_ERROR : code, connection.inClientTerms(text), method);
    }

    void send(Method method) {
        connection.send(number, method);
    }

    void sendContent(Method method, AmqpMessage message) {
        connection.sendContent(number, method, message);
    }

    /** Writes {@code command} to the queue-control stream; a refusal by Kafka is our fault: 541. */
    void sendCommand(QueueCommand command) {
        connection.backends().commands().send(command).subscribe().with(done -> {
        }, failure -> connection.onEventLoop(() -> connection.failInternally("a " + command.kind()
                + " command for queue '" + command.queue() + "' could not be handed off", failure)));
    }

    /** A command for {@code queue} of this channel's virtual host. */
    QueueCommand command(String queue, QueueCommandKind kind) {
        return QueueCommand.of(vhost(), queue, kind, ref);
    }

    /** A message that reached this channel but can no longer be given to the client goes back to its queue. */
    void handBack(AmqpDelivery delivery) {
        AmqpConnections.handBack(connection.backends().commands(), vhost(), delivery);
    }

    /**
     * {@code name}, or for an empty name the queue last declared on this channel (AMQP 0-9-1 queue.bind, consume,
     * get, purge, delete); null after closing the channel with 404 when there is none, as RabbitMQ does.
     */
    String queueName(String name, Method method) {
        if (!name.isEmpty()) {
            return name;
        }
        if (lastQueue == null) {
            fail(ReplyCode.NOT_FOUND, "NOT_FOUND - no previously declared queue", method);
        }
        return lastQueue;
    }

    void lastQueue(String name) {
        lastQueue = name;
    }

    String vhost() {
        return connection.tenant();
    }

    ChannelRef ref() {
        return ref;
    }

    int number() {
        return number;
    }

    AmqpConnection connection() {
        return connection;
    }

    OwnerRequests requests() {
        return requests;
    }

    ChannelPublishing publishing() {
        return publishing;
    }

    ChannelConsuming consuming() {
        return consuming;
    }
}
