package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.ingest.cluster.QueuePage;
import io.tsunagu.ingest.cluster.SessionRef;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.handoff.PublishRecords;
import io.tsunagu.ingest.session.QueueAcks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Sends a resumed session's queue (the QoS 1 and 2 messages routed to it while it had no connection) after CONNACK,
 * ahead of the live deliveries, which its {@link DeliveryFlow} holds meanwhile.
 * <ol>
 *   <li>Once the session's CONNECTED is acknowledged, it waits until routing's consumer group has committed the end
 *       of the publish stream as it was then: every message published before routing could send live copies here has
 *       been routed, to the queue or here.</li>
 *   <li>It then waits until storage's consumer group has passed the end of the session-queue stream, so every queued
 *       message is in storage.</li>
 *   <li>It reads the queue page by page, as the window's queue has room, and queues the messages in order:
 *       {@code REQUEUED} ones (in flight on an earlier connection) with DUP 1 [MQTT-3.3.1-1] [MQTT-4.4.0-1],
 *       the others with DUP 0. Then the held live deliveries go out.</li>
 *   <li>Messages the client acknowledged (PUBACK, or PUBREC for QoS 2) are deleted from storage, in batches, up to the
 *       highest sequence number below which everything was acknowledged.</li>
 * </ol>
 * Every wait is bounded. When a wait runs out or storage fails, it logs a warning and sends what it has: what is
 * left stays queued for the next connection. Event-loop only.
 */
final class QueueDrain {

    private static final Logger LOG = Logger.getLogger(QueueDrain.class);

    private final MqttConnection connection;
    private final ConnectionServices services;
    private final DeliveryFlow deliveries;
    private final SessionRef session;
    private final QueueAcks acks = new QueueAcks();
    private boolean ready;
    private boolean fetching;
    private boolean exhausted;
    private long after;
    private Future<Void> deleting = Future.succeededFuture();
    private boolean deleteInFlight;

    QueueDrain(MqttConnection connection, ConnectionServices services, DeliveryFlow deliveries) {
        this.connection = connection;
        this.services = services;
        this.deliveries = deliveries;
        this.session = new SessionRef(connection.client().tenant(), connection.client().clientId());
    }

    /** Starts once {@code connectedAcknowledged} completes: waits for routing and storage, then reads the queue. */
    void start(Future<Void> connectedAcknowledged) {
        deliveries.readQueueWith(this);
        IngestOptions.SessionQueue options = services.options().sessionQueue();
        connectedAcknowledged
                .compose(ignored -> awaitGroup(options.routingGroup(), Streams.PUBLISH))
                .compose(ignored -> awaitGroup(options.storageGroup(), Streams.SESSION_QUEUE))
                .onComplete(ignored -> connection.execute(() -> {
                    ready = true;
                    fetchMore();
                }));
    }

    /** The window's queue may have room again: read the next page when one is due. */
    void onRoom() {
        if (ready && !fetching && !exhausted) {
            fetchMore();
        }
    }

    /** The client acknowledged the queued message {@code seq} (or will never get it). */
    void acknowledged(long seq) {
        acks.acknowledge(seq);
        deleteWhenDue();
    }

    /**
     * The connection ended: deletes what the client acknowledged and is not deleted yet; the rest stays queued.
     * Completes when storage answered, or failed.
     */
    Future<Void> close() {
        exhausted = true;
        if (!acks.hasUndeleted()) {
            return deleting;
        }
        return deleting.transform(ignored -> delete(acks.acknowledgedUpTo()));
    }

    private Future<Void> awaitGroup(String group, String topic) {
        IngestOptions options = services.options();
        Duration timeout = options.sessionQueue().drainTimeout();
        return Future.fromCompletionStage(services.progress()
                .awaitGroupPassesEnd(group, topic, timeout, options.pollInterval())
                .subscribeAsCompletionStage())
                .map(passed -> {
                    if (!passed) {
                        LOG.warnf("connection %s (client %s): group %s did not pass the end of %s within %s; reading "
                                + "the queue as it is", connection.connectionId(), session.clientId(), group, topic,
                                timeout);
                    }
                    return null;
                });
    }

    private void fetchMore() {
        if (connection.isClosed() || exhausted) {
            return;
        }
        int limit = Math.min(services.options().sessionQueue().pageSize(), deliveries.room());
        if (limit == 0) {
            return;
        }
        fetching = true;
        Future.fromCompletionStage(services.queueStore().page(session, after, limit).subscribeAsCompletionStage())
                .onComplete(result -> connection.execute(() -> {
                    fetching = false;
                    if (result.succeeded()) {
                        onPage(result.result());
                    } else {
                        LOG.warnf("connection %s (client %s): session queue not read: %s; sending what there is",
                                connection.connectionId(), session.clientId(), String.valueOf(result.cause()));
                        finish();
                    }
                }));
    }

    private void onPage(QueuePage page) {
        if (connection.isClosed()) {
            return;
        }
        for (QueuePage.QueueItem item : page.items()) {
            if (!queue(item)) {
                // No room after all: the rest of the page is read again.
                deliveries.pump();
                return;
            }
            after = item.seq();
        }
        if (page.items().isEmpty() || page.nextAfter().isEmpty()) {
            finish();
            return;
        }
        after = page.nextAfter().getAsLong();
        deliveries.pump();
    }

    /** Queues one item; false when the window's queue had no room for it. */
    private boolean queue(QueuePage.QueueItem item) {
        DeliveryEvent delivery;
        try {
            delivery = DeliveryCodec.decode(item.record());
        } catch (CodecException | IllegalArgumentException e) {
            LOG.errorf("connection %s (client %s): skipping unreadable queued message %d: %s",
                    connection.connectionId(), session.clientId(), item.seq(), e.getMessage());
            acks.add(item.seq());
            acknowledged(item.seq());
            return true;
        }
        if (delivery.recipients().isEmpty()) {
            acks.add(item.seq());
            acknowledged(item.seq());
            return true;
        }
        acks.add(item.seq());
        RoutedDelivery routed = new RoutedDelivery(delivery, PublishRecords.lazilyIn(item.record(), delivery));
        if (!deliveries.replay(item.seq(), routed)) {
            acks.withdraw(item.seq());
            return false;
        }
        return true;
    }

    private void finish() {
        exhausted = true;
        LOG.debugf("connection %s (client %s): session queue read up to %d", connection.connectionId(),
                session.clientId(), after);
        deliveries.releaseHeld();
        deleteWhenDue();
    }

    /** Deletes a batch when enough was acknowledged, or everything acknowledged once the queue was read. */
    private void deleteWhenDue() {
        if (deleteInFlight || !acks.hasUndeleted()) {
            return;
        }
        boolean batchFull = acks.undeleted() >= services.options().sessionQueue().deleteBatch();
        if (batchFull || (exhausted && !acks.hasOutstanding())) {
            deleting = delete(acks.acknowledgedUpTo());
        }
    }

    private Future<Void> delete(long upTo) {
        deleteInFlight = true;
        Promise<Void> done = Promise.promise();
        Future.fromCompletionStage(services.queueStore().delete(session, upTo).subscribeAsCompletionStage())
                .onComplete(result -> connection.execute(() -> {
                    deleteInFlight = false;
                    if (result.succeeded()) {
                        acks.deleted(upTo);
                        deleteWhenDue();
                    } else {
                        LOG.warnf("connection %s (client %s): session queue not deleted up to %d: %s; those messages "
                                + "are sent again next time", connection.connectionId(), session.clientId(), upTo,
                                String.valueOf(result.cause()));
                    }
                    done.complete();
                }));
        return done.future();
    }
}
