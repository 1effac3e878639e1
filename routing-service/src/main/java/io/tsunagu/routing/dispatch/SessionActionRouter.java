package io.tsunagu.routing.dispatch;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.ControlCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.ControlEvent;
import io.tsunagu.contracts.event.ControlKind;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.retained.RetainedStore;
import io.tsunagu.routing.retained.RetainedStreamReader;
import io.tsunagu.routing.session.ClientKey;
import io.tsunagu.routing.session.Session;
import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionTable;
import io.tsunagu.routing.stream.EndOffsets;
import io.tsunagu.routing.stream.StreamBarrier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Acts on session events once per event across the replicas: reads the session stream in the consumer group
 * {@code tsunagu-routing-session-actions} (so one replica handles each event; every replica's table reads the stream
 * as well, without a group) and writes what an event calls for:
 * <ul>
 *   <li>a CONNECTED event with {@code retainedRequests}: the retained messages for the new subscriptions, as RETAINED
 *       deliveries to the event's node ({@link RetainedRequests});</li>
 *   <li>a TAKEOVER event of node B for a session CONNECTED on another node A: {@code ControlEvent(A, TAKEOVER,
 *       tenant, clientId, B)} on A's delivery stream, so that A closes its connection (MQTT 5 DISCONNECT 0x8E
 *       [MQTT-3.1.4-3]) and writes the session DISCONNECTED. Nothing when the session is held by B itself, is not
 *       connected or is gone: B, waiting for the session to turn DISCONNECTED, sees that in the table;</li>
 *   <li>an ENDED event or a tombstone: a tombstone for the session in {@link Streams#SESSION_QUEUE}, which purges
 *       the session's queue in storage; not for an ENDED event that the table found superseded
 *       ({@link SessionTable#isSupersededEnd}), whose session lives on;</li>
 *   <li>nothing for DISCONNECTED events and node heartbeats.</li>
 * </ul>
 *
 * <p>Waits: retained requests are handled only once the retained store holds every retained record Kafka
 * acknowledged before the event was written (a {@link StreamBarrier} on the retained stream), so a retained PUBLISH
 * acknowledged before the SUBSCRIBE's session event reaches the new subscription. A TAKEOVER or ENDED event is
 * handled only once this replica's table has applied the event itself (and so everything before it for that
 * session), so the holder it names is the current one and the table knows whether the ENDED applied.
 *
 * <p>Ack chain: the session record is acknowledged, and so its offset becomes committable by the throttled
 * strategy, only when Kafka acknowledged every record made from it ({@link AckGroup}); a failed write nacks it and the
 * channel's {@code fail} strategy stops consumption. Where a new consumer group starts reading is decided by
 * {@link SessionActionsStart}.
 *
 * <p>Bootstrap: the session stream is subscribed to only once the retained store has caught up with the retained
 * stream. Threading: the transformation runs on the consumer's context; it only reads the store and the table, which
 * never block.
 */
@ApplicationScoped
public class SessionActionRouter {

    /** The incoming channel of the session stream, in the session-action consumer group. */
    public static final String ACTIONS = "session-actions";
    /**
     * The outgoing channel of what session events call for: RETAINED deliveries and TAKEOVER control records (on
     * delivery streams) and queue tombstones; each record names its stream.
     */
    public static final String ACTION_RECORDS = "session-action-records";

    private static final Logger LOG = Logger.getLogger(SessionActionRouter.class);

    private final RetainedStreamReader retained;
    private final SessionTable table;
    private final SessionStreamReader sessions;
    private final RoutingMetrics metrics;
    private final RecordBarrier retainedBarrier;
    private final RetainedRequests retainedRequests;

    public SessionActionRouter(RetainedStore store, RetainedStreamReader retained, SessionTable table,
            SessionStreamReader sessions, RoutingMetrics metrics, EndOffsets endOffsets) {
        this.retained = retained;
        this.table = table;
        this.sessions = sessions;
        this.metrics = metrics;
        this.retainedBarrier = new RecordBarrier(new StreamBarrier(Streams.SESSION, retained, endOffsets, Map::of));
        this.retainedRequests = new RetainedRequests(store, metrics);
    }

    /** Turns session events into what they call for, once the retained store has caught up. */
    @Incoming(ACTIONS)
    @Outgoing(ACTION_RECORDS)
    public Multi<Message<byte[]>> route(Multi<Message<byte[]>> events) {
        return Uni.createFrom().completionStage(retained::caughtUp)
                .onItem().transformToMulti(caughtUp -> events)
                .onItem().transformToMultiAndConcatenate(this::handle);
    }

    private Multi<Message<byte[]>> handle(Message<byte[]> message) {
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> (String) record.getKey())
                .orElse(null);
        if (Streams.isNodeKey(key)) {
            return done(message);
        }
        if (message.getPayload() == null) {
            return ClientKey.fromSessionKey(key)
                    .map(client -> purgeQueue(message, client))
                    .orElseGet(() -> done(message));
        }
        SessionEvent event = decode(message);
        if (event == null) {
            return done(message);
        }
        return switch (event.state()) {
            case ENDED -> appliedByTable(message).onItem().transformToMulti(applied -> ended(message, event));
            case TAKEOVER -> appliedByTable(message).onItem().transformToMulti(applied -> takeover(message, event));
            case CONNECTED -> event.retainedRequests().isEmpty()
                    ? done(message)
                    : retainedBarrier.await(message)
                            .onItem().transformToMulti(ready -> retainedRequests.deliveries(message, event));
            case DISCONNECTED -> done(message);
        };
    }

    private static SessionEvent decode(Message<byte[]> message) {
        try {
            return SessionCodec.decode(message.getPayload());
        } catch (CodecException e) {
            // The session reader logs and counts undecodable session records; one warning is enough.
            LOG.debugf("Skipping undecodable session record: %s", e.getMessage());
            return null;
        }
    }

    private static Multi<Message<byte[]>> done(Message<byte[]> message) {
        message.ack();
        return Multi.createFrom().empty();
    }

    /** Completes, on the caller's context, once this replica's session table has applied {@code message}. */
    private Uni<Void> appliedByTable(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> RecordBarrier.onCallerContext(sessions.reached(Map.of(
                        new TopicPartition(record.getTopic(), record.getPartition()), record.getOffset() + 1))))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    /** The TAKEOVER instruction for the node holding the session B asks for, if another node holds it. */
    private Multi<Message<byte[]>> takeover(Message<byte[]> message, SessionEvent request) {
        ClientKey client = new ClientKey(request.tenant(), request.clientId());
        Optional<Session> holder = table.session(client)
                .filter(Session::isConnected)
                .filter(session -> !session.nodeId().equals(request.nodeId()));
        if (holder.isEmpty()) {
            LOG.debugf("Takeover of client %s by node %s: no other node holds a connection", request.clientId(),
                    request.nodeId());
            return done(message);
        }
        String holderNode = holder.get().nodeId();
        ControlEvent control = new ControlEvent(holderNode, ControlKind.TAKEOVER, request.tenant(),
                request.clientId(), request.nodeId());
        LOG.debugf("Takeover of client %s: node %s asks node %s for the session", request.clientId(),
                request.nodeId(), holderNode);
        return Multi.createFrom().item(Message.of(ControlCodec.encode(control),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Streams.deliveryStream(holderNode))
                        .withKey(holderNode)
                        .build()),
                () -> {
                    metrics.takeover();
                    return message.ack();
                },
                message::nack));
    }

    /**
     * The queue purge of an ENDED event, unless the event did not end the session the table held (the client had
     * connected again meanwhile, or a newer state was written: a timer's late expiry must not empty the queue that a
     * resumed session is about to fetch).
     */
    private Multi<Message<byte[]>> ended(Message<byte[]> message, SessionEvent event) {
        if (table.isSupersededEnd(event)) {
            LOG.debugf("ENDED of client %s from node %s did not apply: its queue is kept", event.clientId(),
                    event.nodeId());
            return done(message);
        }
        return purgeQueue(message, new ClientKey(event.tenant(), event.clientId()));
    }

    /** The tombstone that purges the queue of an ended session. */
    private Multi<Message<byte[]>> purgeQueue(Message<byte[]> message, ClientKey client) {
        Message<byte[]> tombstone = Message.of((byte[]) null,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Streams.SESSION_QUEUE)
                        .withKey(client.toSessionKey())
                        .build()),
                () -> {
                    metrics.queuePurged();
                    return message.ack();
                },
                message::nack);
        return Multi.createFrom().item(tombstone);
    }
}
