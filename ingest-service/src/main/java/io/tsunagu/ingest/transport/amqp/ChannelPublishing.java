package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.codec.amqp.ConfirmMethod;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import io.tsunagu.ingest.codec.amqp.TxMethod;
import io.tsunagu.ingest.transport.amqp.topology.TopologyAnswer;
import io.tsunagu.ingest.transport.amqp.topology.TopologyRequests;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The publishing side of one channel: basic.publish to the publish stream (after checking the exchange exists and
 * is not internal: 404 / 403 as RabbitMQ), publisher confirms (confirm.select: basic.ack once routing's OUTCOME for
 * the publish sequence number arrives, basic.nack when Kafka refused the publish; a RETURN becomes basic.return,
 * always before the ack), and transactions (tx.select: publishes and acks are held until tx.commit, which hands
 * them off and answers commit-ok once all are in Kafka and routed; tx.rollback discards them. As in RabbitMQ a
 * transaction batches, it is not atomic). Event-loop only.
 */
final class ChannelPublishing {

    private final AmqpChannel channel;
    private Confirms confirms;
    private Transaction tx;
    private TxCommit commit;
    private long txSeq;

    ChannelPublishing(AmqpChannel channel) {
        this.channel = channel;
    }

    void handlePublish(PublishCommand publish) {
        String exchange = publish.method().exchange();
        if (channel.connection().backends().exchanges().contains(channel.vhost(), exchange)) {
            accept(publish);
            return;
        }
        channel.connection().backends().topology()
                .send(TopologyRequests.checkExchange(channel.connection().requester(), exchange))
                .subscribe().with(answer -> channel.later(() -> onExchangeChecked(publish, answer)));
    }

    /** RabbitMQ's texts: "no exchange 'x' in vhost '/'", "cannot publish to internal exchange 'x' in vhost '/'". */
    private void onExchangeChecked(PublishCommand publish, TopologyAnswer answer) {
        String exchange = publish.method().exchange();
        String name = "exchange '" + exchange + "' in vhost '" + channel.connection().clientVhost() + "'";
        if (answer.replyCode() == ReplyCode.NOT_FOUND.code()) {
            channel.fail(ReplyCode.NOT_FOUND, "NOT_FOUND - no " + name, publish.method());
        } else if (!answer.isAccepted()) {
            channel.fail(answer.replyCode(), answer.replyText(), publish.method());
        } else if (answer.entity().getBoolean("internal", false)) {
            channel.fail(ReplyCode.ACCESS_REFUSED, "ACCESS_REFUSED - cannot publish to internal " + name,
                    publish.method());
        } else {
            channel.connection().backends().exchanges().add(channel.vhost(), exchange);
            accept(publish);
        }
    }

    private void accept(PublishCommand publish) {
        if (tx != null) {
            tx.publishes().add(publish);
        } else {
            handOff(publish, confirms == null ? 0 : confirms.next());
        }
        channel.done();
    }

    /** Hands one publish to Kafka within the connection's in-flight window. */
    private void handOff(PublishCommand publish, long seq) {
        AmqpConnection connection = channel.connection();
        connection.acquirePublishSlot();
        connection.backends().publisher().publishAmqp(toEvent(publish, seq)).subscribe().with(
                done -> connection.onEventLoop(() -> onHandedOff(seq, true)),
                failure -> connection.onEventLoop(() -> onHandedOff(seq, false)));
    }

    private void onHandedOff(long seq, boolean accepted) {
        channel.connection().releasePublishSlot(accepted);
        if (channel.isClosed()) {
            return;
        }
        if (commit != null && commit.handedOff(seq, accepted)) {
            finishCommit();
        } else if (!accepted && confirms != null) {
            confirms.settle(seq, false);
            sendConfirms();
        } else if (!accepted && commit == null) {
            // Without confirms the client cannot learn of the loss any other way.
            channel.connection().failInternally("a basic.publish could not be handed off", null);
        }
    }

    private AmqpPublishEvent toEvent(PublishCommand publish, long seq) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        BasicMethod.Publish method = publish.method();
        AmqpMessage message = new AmqpMessage(method.exchange(), method.routingKey(), publish.properties(),
                Payload.wrap(publish.body()));
        return new AmqpPublishEvent(MessageIds.next(now.toEpochMilli()), now, channel.vhost(), channel.ref(), seq,
                method.mandatory(), message);
    }

    /** Routing's OUTCOME: the publish {@code requestId} is in every queue it reached. */
    void onOutcome(AmqpDelivery outcome) {
        if (confirms != null) {
            confirms.settle(outcome.requestId(), true);
            sendConfirms();
        } else if (commit != null && commit.routed(outcome.requestId())) {
            finishCommit();
        }
    }

    /** Routing's RETURN: basic.return with the message (written before the OUTCOME, so before the ack). */
    void onReturn(AmqpDelivery returned) {
        AmqpMessage message = returned.message();
        channel.sendContent(new BasicMethod.Return(returned.reply().code(), returned.reply().text(),
                message.exchange(), message.routingKey()), message);
    }

    private void sendConfirms() {
        for (Confirms.Confirm confirm : confirms.drain()) {
            channel.send(confirm.ack() ? new BasicMethod.Ack(confirm.deliveryTag(), confirm.multiple())
                    : new BasicMethod.Nack(confirm.deliveryTag(), confirm.multiple(), false));
        }
    }

    void handleConfirmSelect(ConfirmMethod.Select select) {
        if (tx != null) {
            channel.fail(ReplyCode.PRECONDITION_FAILED, "PRECONDITION_FAILED - cannot switch from tx to confirm mode",
                    select);
            return;
        }
        if (confirms == null) {
            confirms = new Confirms();
        }
        if (!select.noWait()) {
            channel.send(new ConfirmMethod.SelectOk());
        }
        channel.done();
    }

    void handleTxSelect(TxMethod.Select select) {
        if (confirms != null) {
            channel.fail(ReplyCode.PRECONDITION_FAILED, "PRECONDITION_FAILED - cannot switch from confirm to tx mode",
                    select);
            return;
        }
        if (tx == null) {
            tx = new Transaction();
        }
        channel.send(new TxMethod.SelectOk());
        channel.done();
    }

    /** Whether acks are held for a transaction. */
    boolean inTransaction() {
        return tx != null;
    }

    /** Holds the settlement of {@code settled} (flags of SETTLE) until commit. */
    void holdSettlement(List<UnackedDeliveries.Unacked> settled, int flags) {
        tx.settlements().add(new Transaction.Settlement(settled, flags));
    }

    /** tx.commit: the held publishes go to Kafka; commit-ok once all are there and routed (or the owner timeout). */
    void handleTxCommit(TxMethod.Commit method) {
        if (tx == null) {
            channel.fail(ReplyCode.PRECONDITION_FAILED, "PRECONDITION_FAILED - channel is not transactional", method);
            return;
        }
        List<PublishCommand> publishes = new ArrayList<>(tx.publishes());
        tx.publishes().clear();
        commit = new TxCommit(publishes.size());
        for (PublishCommand publish : publishes) {
            txSeq++;
            commit.expect(txSeq);
            handOff(publish, txSeq);
        }
        if (commit.isComplete()) {
            finishCommit();
        }
    }

    /** All handed off: waits for routing's outcomes at most the owner timeout, then settles and answers. */
    private void finishCommit() {
        if (commit.failed()) {
            commit = null;
            channel.connection().failInternally("a transaction's publish could not be handed off", null);
            return;
        }
        if (!commit.allRouted() && !commit.waiting()) {
            commit.startWaiting(channel.connection().schedule(() -> channel.later(this::commitTimedOut),
                    channel.requests().timeout()));
            return;
        }
        if (commit.allRouted()) {
            commit.cancelTimer();
            completeCommit();
        }
    }

    private void commitTimedOut() {
        if (commit != null) {
            completeCommit();
        }
    }

    private void completeCommit() {
        commit = null;
        for (Transaction.Settlement settlement : tx.settlements()) {
            channel.consuming().sendSettlements(settlement.deliveries(), settlement.flags());
        }
        tx.settlements().clear();
        channel.send(new TxMethod.CommitOk());
        channel.done();
    }

    /** tx.rollback: held publishes are dropped; held acks are undone (the messages stay unacknowledged). */
    void handleTxRollback(TxMethod.Rollback method) {
        if (tx == null) {
            channel.fail(ReplyCode.PRECONDITION_FAILED, "PRECONDITION_FAILED - channel is not transactional", method);
            return;
        }
        tx.publishes().clear();
        for (Transaction.Settlement settlement : tx.settlements()) {
            channel.consuming().restore(settlement.deliveries());
        }
        tx.settlements().clear();
        channel.send(new TxMethod.RollbackOk());
        channel.done();
    }

    void close() {
        if (commit != null) {
            commit.cancelTimer();
            commit = null;
        }
    }
}
