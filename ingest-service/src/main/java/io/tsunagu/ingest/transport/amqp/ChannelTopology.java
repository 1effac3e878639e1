package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.QueueCommand;
import io.tsunagu.contracts.amqp.QueueCommandKind;
import io.tsunagu.ingest.codec.amqp.ExchangeMethod;
import io.tsunagu.ingest.codec.amqp.Method;
import io.tsunagu.ingest.codec.amqp.QueueMethod;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import io.tsunagu.ingest.transport.amqp.topology.Requester;
import io.tsunagu.ingest.transport.amqp.topology.TopologyAnswer;
import io.tsunagu.ingest.transport.amqp.topology.TopologyRequest;
import io.tsunagu.ingest.transport.amqp.topology.TopologyRequests;
import java.util.function.Consumer;

/**
 * The exchange and queue methods of one channel, on top of storage-service's topology API (the authority) and, for
 * what only a queue's owner knows (message and consumer counts, if-unused, if-empty, purging), queue commands
 * answered on this node's delivery stream. A refusal by storage or the owner closes the channel with its reply code
 * (soft codes) or the connection (hard codes). No-wait variants send no reply but still finish before the channel's
 * next method. Owner timeouts: queue.declare-ok then carries counts 0 and 0 (the queue exists, storage said so);
 * purge and delete get connection.close 541 INTERNAL_ERROR, since their effect is unknown. Event-loop only.
 */
final class ChannelTopology {

    private final AmqpChannel channel;

    ChannelTopology(AmqpChannel channel) {
        this.channel = channel;
    }

    void handle(ExchangeMethod method) {
        switch (method) {
            case ExchangeMethod.Declare declare -> declareExchange(declare);
            case ExchangeMethod.Delete delete -> ask(TopologyRequests.deleteExchange(requester(), delete), delete,
                    answer -> {
                        channel.connection().backends().exchanges().remove(channel.vhost(), delete.exchange());
                        reply(delete.noWait(), new ExchangeMethod.DeleteOk());
                    });
            case ExchangeMethod.Bind bind -> ask(TopologyRequests.bindExchange(requester(), bind.binding(), false),
                    bind, answer -> reply(bind.binding().noWait(), new ExchangeMethod.BindOk()));
            case ExchangeMethod.Unbind unbind -> ask(TopologyRequests.bindExchange(requester(), unbind.binding(),
                    true), unbind, answer -> reply(unbind.binding().noWait(), new ExchangeMethod.UnbindOk()));
            default -> unexpected(method);
        }
    }

    void handle(QueueMethod method) {
        switch (method) {
            case QueueMethod.Declare declare -> declareQueue(declare);
            case QueueMethod.Bind bind -> bindQueue(bind);
            case QueueMethod.Unbind unbind -> unbindQueue(unbind);
            case QueueMethod.Purge purge -> purgeQueue(purge);
            case QueueMethod.Delete delete -> deleteQueue(delete);
            default -> unexpected(method);
        }
    }

    private void declareExchange(ExchangeMethod.Declare declare) {
        ask(TopologyRequests.declareExchange(requester(), declare), declare, answer -> {
            if (!answer.entity().getBoolean("internal", declare.is(ExchangeMethod.Declare.INTERNAL))) {
                channel.connection().backends().exchanges().add(channel.vhost(), declare.exchange());
            }
            reply(declare.is(ExchangeMethod.Declare.NO_WAIT), new ExchangeMethod.DeclareOk());
        });
    }

    /** queue.declare: storage declares (and names) it, then its owner tells the counts for declare-ok. */
    private void declareQueue(QueueMethod.Declare declare) {
        ask(TopologyRequests.declareQueue(requester(), declare), declare, answer -> {
            String name = answer.entity().getString("name", declare.queue());
            channel.lastQueue(name);
            if (declare.is(QueueMethod.Declare.EXCLUSIVE)) {
                channel.connection().declaredExclusiveQueue();
            }
            if (declare.is(QueueMethod.Declare.NO_WAIT)) {
                channel.done();
                return;
            }
            askOwner(channel.command(name, QueueCommandKind.STATUS), counts -> {
                AmqpDelivery.Counts known = counts.reply().isOk() ? counts.counts() : AmqpDelivery.Counts.NONE;
                reply(false, new QueueMethod.DeclareOk(name, known.messages(), known.consumers()));
            }, () -> reply(false, new QueueMethod.DeclareOk(name, 0, 0)));
        });
    }

    private void bindQueue(QueueMethod.Bind bind) {
        String queue = channel.queueName(bind.queue(), bind);
        if (queue != null) {
            QueueMethod.Bind named = new QueueMethod.Bind(queue, bind.exchange(), bind.routingKey(), bind.noWait(),
                    bind.arguments());
            ask(TopologyRequests.bindQueue(requester(), named), bind,
                    answer -> reply(bind.noWait(), new QueueMethod.BindOk()));
        }
    }

    private void unbindQueue(QueueMethod.Unbind unbind) {
        String queue = channel.queueName(unbind.queue(), unbind);
        if (queue != null) {
            QueueMethod.Unbind named = new QueueMethod.Unbind(queue, unbind.exchange(), unbind.routingKey(),
                    unbind.arguments());
            ask(TopologyRequests.unbindQueue(requester(), named), unbind,
                    answer -> reply(false, new QueueMethod.UnbindOk()));
        }
    }

    /** queue.purge: storage says whether the queue exists (404), its owner purges and counts. */
    private void purgeQueue(QueueMethod.Purge purge) {
        String queue = channel.queueName(purge.queue(), purge);
        if (queue == null) {
            return;
        }
        ask(TopologyRequests.checkQueue(requester(), queue), purge, exists ->
                askOwner(channel.command(queue, QueueCommandKind.PURGE), answer -> ifOk(answer, purge,
                        () -> reply(purge.noWait(), new QueueMethod.PurgeOk(answer.counts().messages()))),
                        () -> ownerTimedOut(queue, purge)));
    }

    /** queue.delete: its owner checks if-unused and if-empty and counts, then storage deletes it. */
    private void deleteQueue(QueueMethod.Delete delete) {
        String queue = channel.queueName(delete.queue(), delete);
        if (queue == null) {
            return;
        }
        int flags = (delete.ifUnused() ? QueueCommand.IF_UNUSED : 0) | (delete.ifEmpty() ? QueueCommand.IF_EMPTY : 0);
        QueueCommand command = new QueueCommand(channel.vhost(), queue, QueueCommandKind.DELETE, channel.ref(), "",
                0, 0, flags, null);
        askOwner(command, answer -> ifOk(answer, delete, () -> ask(TopologyRequests.deleteQueue(requester(), queue),
                delete, deleted -> reply(delete.noWait(), new QueueMethod.DeleteOk(answer.counts().messages())))),
                () -> ownerTimedOut(queue, delete));
    }

    /** Sends {@code command} with a new request id; the owner's answer goes to {@code onAnswer}. */
    private void askOwner(QueueCommand command, Consumer<AmqpDelivery> onAnswer, Runnable onTimeout) {
        long requestId = channel.requests().expect(onAnswer, onTimeout);
        channel.sendCommand(new QueueCommand(command.vhost(), command.queue(), command.kind(), command.channel(),
                command.consumerTag(), requestId, command.prefetch(), command.flags(), command.offsets()));
    }

    private void ifOk(AmqpDelivery answer, Method method, Runnable next) {
        if (answer.reply().isOk()) {
            next.run();
        } else {
            channel.fail(answer.reply().code(), answer.reply().text(), method);
        }
    }

    private void ownerTimedOut(String queue, Method method) {
        channel.connection().closeConnection(ReplyCode.INTERNAL_ERROR, "INTERNAL_ERROR - the owner of queue '"
                + queue + "' did not answer within " + channel.requests().timeout(), method);
    }

    /** Sends {@code request} to storage; an accepted answer goes to {@code onAccepted} on the event loop. */
    private void ask(TopologyRequest request, Method method, Consumer<TopologyAnswer> onAccepted) {
        channel.connection().backends().topology().send(request).subscribe().with(answer -> channel.later(() -> {
            if (answer.isAccepted()) {
                onAccepted.accept(answer);
            } else {
                channel.fail(answer.replyCode(), answer.replyText(), method);
            }
        }));
    }

    private void reply(boolean noWait, Method ok) {
        if (!noWait) {
            channel.send(ok);
        }
        channel.done();
    }

    private void unexpected(Method method) {
        channel.fail(ReplyCode.COMMAND_INVALID, "COMMAND_INVALID - unexpected " + MethodNames.of(method), method);
    }

    private Requester requester() {
        return channel.connection().requester();
    }
}
