package io.tsunagu.routing.dispatch;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.EventType;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.codec.RecordHeader;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.session.Routes;
import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionTable;
import io.tsunagu.routing.stream.EndOffsets;
import io.tsunagu.routing.stream.FollowedStreams;
import io.tsunagu.routing.stream.PolledOffsets;
import io.tsunagu.routing.stream.StreamBarrier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Routes the publish stream to the delivery streams: for each publish record, one delivery record per ingest node
 * that holds at least one matching subscriber, listing those subscribers and embedding the publish record byte for
 * byte (it is never re-encoded). Each delivery carries its source, the partition and offset of the publish record,
 * so that ingest recognises a stretch routed again after a crash ({@link DeliverySource}).
 *
 * <p>Persistent sessions without a connection: a recipient whose session is DISCONNECTED gets its QoS 1 and 2 copies
 * written to {@link Streams#SESSION_QUEUE}, one record per copy keyed by session: a delivery record with that one
 * recipient, node id {@code ""}, kind LIVE (REQUEUED for a copy handed back with the DUP header) and the publish
 * record's position as source. Storage keeps the queue until the session connects again. Its QoS 0 copies are
 * dropped and counted ({@code tsunagu.messages.dropped{reason=session-offline}}).
 *
 * <p>Shared subscriptions: the session table picks one connected member per matching group (MQTT 5 §4.8.2).
 * Records that are not new messages but copies handed back by an ingest node ({@link HandedBackCopy}) go to one
 * recipient only, with their own source position:
 * <ul>
 *   <li>{@link Streams#SHARE_TARGET_HEADER}: a member went away; another connected member of that group gets it,
 *       LIVE;</li>
 *   <li>{@link Streams#SESSION_TARGET_HEADER}: a session's connection ended; that session gets it, live on its node
 *       or in its queue, REQUEUED when it had been sent already ({@link Streams#DUP_HEADER}), else LIVE
 *       ({@link SessionTable#routeToSession} decides the QoS).</li>
 * </ul>
 * When the group has no connected member or the session is gone, or the headers are malformed, it is dropped,
 * counted and acked.
 *
 * <p>Ack chain (at-least-once across a crash): a publish record is acknowledged, and so its offset becomes
 * committable by the connector's throttled strategy, only when Kafka acknowledged (acks=all) every delivery record
 * and queue record made from it ({@link AckGroup}); a failed delivery nacks the publish, and the channel's
 * {@code fail} strategy stops consumption without committing past it. A publish nobody subscribed to is acked at
 * once; a record that cannot be decoded is logged, counted and acked (skipped), since retrying it cannot succeed.
 *
 * <p>Order: records are transformed one after the other (concatenation) and handed to the single Kafka producer
 * of the delivery channel in that order; that producer is idempotent, so records of a partition keep their order on
 * every delivery stream. Backpressure: the delivery channel bounds the records awaiting Kafka's ack
 * ({@code max-inflight-messages}) and its demand flows back to the publish consumer, which pauses.
 *
 * <p>Bootstrap: the publish stream is subscribed to only once the session table has caught up with the session
 * stream ({@link SessionStreamReader#caughtUp()}). Until then the publish consumer has not even joined its group, so
 * no record waits half-processed (which the throttled strategy would report as unhealthy after a long replay), and
 * no publish is routed against a partial table.
 *
 * <p>Subscribe, then publish: a publish is routed only once the table holds every session event that Kafka
 * acknowledged before the publish was written (a {@link StreamBarrier} on the session stream), so a message published
 * after a SUBACK reaches that subscription.
 *
 * <p>AMQP (issue 5): the stream also carries AMQP publishes, told apart by their record type; those are routed
 * through their vhost's exchanges to AMQP queues (and, through {@code amq.topic}, to MQTT subscribers), with the
 * publisher's outcome after them ({@link AmqpPublishRouting}). An MQTT publish is also routed through
 * {@code amq.topic} of its tenant's vhost to the AMQP queues bound there ({@link MqttToAmqp}); its queue records join
 * the same ack group as its deliveries. Both wait for the topology copy too: it must have caught up before anything
 * is routed, and a publish waits until it holds every topology change acknowledged before the publish was written
 * ({@link AmqpRouting}).
 *
 * <p>Threading: the transformation runs on the publish consumer's context; it only matches against the table and
 * the topology copy, which never block.
 */
@ApplicationScoped
public class PublishRouter {

    /** The incoming channel of the publish stream. */
    public static final String PUBLISHES = "publishes";
    /** The outgoing channel of the delivery streams; each record names its stream. */
    public static final String DELIVERIES = "deliveries";

    private static final Logger LOG = Logger.getLogger(PublishRouter.class);

    private final SessionTable table;
    private final SessionStreamReader sessions;
    private final RoutingMetrics metrics;
    private final RecordBarrier barrier;
    private final AmqpRouting amqp;

    @Inject
    public PublishRouter(SessionTable table, SessionStreamReader sessions, RoutingMetrics metrics,
            EndOffsets endOffsets, AmqpRouting amqp) {
        this.table = table;
        this.sessions = sessions;
        this.metrics = metrics;
        // One barrier for both copies: one snapshot of end offsets serves the session table and the topology.
        this.barrier = new RecordBarrier(new StreamBarrier(Streams.PUBLISH,
                FollowedStreams.of(sessions, amqp.topologyStream()), endOffsets,
                () -> PolledOffsets.of(Streams.PUBLISH)));
        this.amqp = amqp;
    }

    /**
     * Turns the publish stream into delivery and queue records, once the session table and the topology copy have
     * caught up.
     */
    @Incoming(PUBLISHES)
    @Outgoing(DELIVERIES)
    public Multi<Message<byte[]>> route(Multi<Message<byte[]>> publishes) {
        return Uni.createFrom().completionStage(sessions::caughtUp)
                .chain(() -> Uni.createFrom().completionStage(amqp::caughtUp))
                .onItem().transformToMulti(caughtUp -> publishes)
                .onItem().transformToUniAndConcatenate(message -> barrier.await(message).replaceWith(message))
                .onItem().transformToMultiAndConcatenate(this::route);
    }

    private Multi<Message<byte[]>> route(Message<byte[]> message) {
        metrics.consumed();
        if (isAmqpPublish(message)) {
            return routeAmqp(message);
        }
        return routeMqtt(message);
    }

    /** Whether the record is an AMQP publish; anything else, undecodable records included, goes the MQTT way. */
    private static boolean isAmqpPublish(Message<byte[]> message) {
        try {
            return message.getPayload() != null
                    && RecordHeader.typeOf(message.getPayload()) == EventType.AMQP_PUBLISH;
        } catch (CodecException e) {
            return false;
        }
    }

    private Multi<Message<byte[]>> routeAmqp(Message<byte[]> message) {
        AmqpPublishEvent event;
        try {
            event = AmqpPublishCodec.decode(message.getPayload());
        } catch (CodecException e) {
            LOG.warnf("Skipping undecodable AMQP publish record %s: %s", position(message), e.getMessage());
            metrics.undecodable();
            message.ack();
            return Multi.createFrom().empty();
        }
        return Multi.createFrom().iterable(amqp.route(message, event, source(message)));
    }

    private Multi<Message<byte[]>> routeMqtt(Message<byte[]> message) {
        long start = System.nanoTime();
        PublishEvent publish = decode(message);
        if (publish == null) {
            metrics.undecodable();
            message.ack();
            return Multi.createFrom().empty();
        }
        Optional<HandedBackCopy> handedBack = HandedBackCopy.of(message);
        Routes routes = handedBack.isPresent()
                ? routeHandedBack(message, publish, handedBack.get())
                : table.route(publish);
        List<Recipient> queued = queued(routes.offline(), handedBack);
        DeliveryKind kind = handedBack.map(HandedBackCopy::deliveryKind).orElse(DeliveryKind.LIVE);
        OutgoingBatch batch = new OutgoingBatch();
        DeliverySource source = source(message);
        new MqttCopies(publish.tenant(), routes.byNode(), queued, kind, message.getPayload())
                .addTo(batch, source, metrics);
        if (handedBack.isEmpty()) {
            // A copy handed back between MQTT sessions reached the AMQP queues when it was first routed.
            amqp.addQueueCopies(batch, publish, source);
        }
        if (batch.isEmpty()) {
            if (routes.isEmpty() && handedBack.isEmpty()) {
                metrics.unmatched();
            }
            metrics.routed(start);
            message.ack();
            return Multi.createFrom().empty();
        }
        Runnable onAcked = handedBack.isPresent()
                ? () -> metrics.handedBackRouted(handedBack.get().kind(), start)
                : () -> metrics.routed(start);
        return Multi.createFrom().iterable(batch.seal(new AckGroup(batch.size(), message::ack, message::nack,
                onAcked)));
    }

    /**
     * The offline recipients whose copies are queued: QoS 1 and 2 only. A QoS 0 copy for a session without a
     * connection is dropped and counted, as Mosquitto does by default (QoS 0 is best effort).
     */
    private List<Recipient> queued(List<Recipient> offline, Optional<HandedBackCopy> handedBack) {
        List<Recipient> queued = new ArrayList<>(offline.size());
        for (Recipient recipient : offline) {
            if (recipient.qos() > 0) {
                queued.add(recipient);
            } else if (handedBack.isPresent()) {
                metrics.handedBackDropped(handedBack.get().kind());
            } else {
                metrics.offlineQos0Dropped();
            }
        }
        return queued;
    }

    /** The one recipient of a handed-back copy; none (and counted as dropped) when it has none. */
    private Routes routeHandedBack(Message<byte[]> message, PublishEvent publish, HandedBackCopy copy) {
        String problem = copy.isValid() ? tenantProblem(publish, copy) : copy.malformed();
        if (problem != null) {
            LOG.warnf("Dropping handed-back publish record %s: %s", position(message), problem);
            metrics.handedBackDropped(copy.kind());
            return Routes.none();
        }
        Routes recipient = copy.kind() == HandedBackCopy.Kind.SESSION
                ? table.routeToSession(publish, copy.session().orElseThrow())
                : table.routeHandedBack(publish, copy.target(), copy.excludedClientId());
        if (recipient.isEmpty()) {
            LOG.debugf("Dropping handed-back publish record %s: %s has no %s left", position(message),
                    copy.target().replace('\u0000', '/'),
                    copy.kind() == HandedBackCopy.Kind.SESSION ? "session" : "connected member");
            metrics.handedBackDropped(copy.kind());
        }
        return recipient;
    }

    /** Why a copy handed back for a session cannot be routed: the session is of another tenant than the message. */
    private static String tenantProblem(PublishEvent publish, HandedBackCopy copy) {
        return copy.session()
                .filter(session -> !session.tenant().equals(publish.tenant()))
                .map(session -> "the session is of tenant " + session.tenant() + ", the message of "
                        + publish.tenant())
                .orElse(null);
    }

    private PublishEvent decode(Message<byte[]> message) {
        try {
            if (message.getPayload() == null) {
                throw new CodecException("publish record without a value");
            }
            return PublishCodec.decode(message.getPayload());
        } catch (CodecException e) {
            LOG.warnf("Skipping undecodable publish record %s: %s", position(message), e.getMessage());
            return null;
        }
    }

    /** Where {@code publish} sits in the publish stream; unknown only for a message that did not come from Kafka. */
    private static DeliverySource source(Message<byte[]> publish) {
        return publish.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> new DeliverySource(record.getPartition(), record.getOffset()))
                .orElse(DeliverySource.none());
    }

    private static String position(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> record.getTopic() + "-" + record.getPartition() + "@" + record.getOffset())
                .orElse("(unknown offset)");
    }
}
