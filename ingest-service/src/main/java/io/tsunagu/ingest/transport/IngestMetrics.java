package io.tsunagu.ingest.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.contracts.event.NodeTraffic;
import io.tsunagu.ingest.handoff.NodeTrafficSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * The metrics of ingest-service, all tagged {@code service=ingest}: messages in and out, dropped messages by reason,
 * protocol errors by catalogue code, connected clients, and the bytes of the client connections. Also the node's
 * traffic for its heartbeat ({@link NodeTrafficSource}): the PUBLISH packets of {@link #MESSAGES_OUT} and the bytes of
 * {@link ListenerTraffic}. Thread-safe.
 */
@ApplicationScoped
public class IngestMetrics implements NodeTrafficSource {

    /** Messages accepted (acknowledged by Kafka). */
    public static final String MESSAGES_IN = "tsunagu.messages.in";
    /** Messages written to subscribers. */
    public static final String MESSAGES_OUT = "tsunagu.messages.out";
    /** Messages dropped, tagged with the reason. */
    public static final String MESSAGES_DROPPED = "tsunagu.messages.dropped";
    /** Errors answered to clients or closing connections, tagged with the IngestError code and origin. */
    public static final String PROTOCOL_ERRORS = "tsunagu.ingest.protocol.errors";
    /** Clients connected to this node. */
    public static final String CONNECTIONS = "tsunagu.ingest.connections";
    /** CONNECTs refused because the node had as many connections as it allows, tagged with the reason. */
    public static final String CONNECTIONS_REFUSED = "tsunagu.ingest.connections.refused";

    /** Wills, tagged with their outcome (published, cancelled, refused, failed). */
    public static final String WILLS = "tsunagu.ingest.wills";
    /**
     * Copies of shared-subscription members handed back to their group when the member went before acknowledging
     * them, tagged with the outcome (handed-back, failed).
     */
    public static final String SHARED_HAND_BACKS = "tsunagu.ingest.shared.handbacks";
    /**
     * Copies of persistent sessions handed back to the publish stream for their session when its connection went
     * before acknowledging them, tagged with the outcome (handed-back, failed).
     */
    public static final String SESSION_HAND_BACKS = "tsunagu.ingest.session.handbacks";
    /** Requests the authorizer refused, tagged with the action (publish, subscribe, will). */
    public static final String AUTHORIZATION_REFUSED = "tsunagu.ingest.authorization.refused";
    /** Bytes read from client connections of the MQTT listener. */
    public static final String BYTES_RECEIVED = "tsunagu.ingest.bytes.received";
    /** Bytes written to client connections of the MQTT listener. */
    public static final String BYTES_SENT = "tsunagu.ingest.bytes.sent";

    private static final String SERVICE_TAG = "service";
    private static final String SERVICE = "ingest";

    private final Counter messagesIn;
    private final Counter messagesOut;
    private final ListenerTraffic traffic;
    private final Counter connectionsRefused;
    private final Counter handedBack;
    private final Counter handBacksFailed;
    private final Counter sessionHandedBack;
    private final Counter sessionHandBacksFailed;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<WillOutcome, Counter> wills = new EnumMap<>(WillOutcome.class);
    private final Map<AuthorizationAction, Counter> refusals = new EnumMap<>(AuthorizationAction.class);
    private final Map<IngestError, Counter> clientErrors = new EnumMap<>(IngestError.class);
    private final Map<IngestError, Counter> serverErrors = new EnumMap<>(IngestError.class);

    IngestMetrics(MeterRegistry registry, ConnectionRegistry connections, ListenerTraffic traffic) {
        this.traffic = traffic;
        messagesIn = Counter.builder(MESSAGES_IN).tag(SERVICE_TAG, SERVICE).register(registry);
        messagesOut = Counter.builder(MESSAGES_OUT).tag(SERVICE_TAG, SERVICE).register(registry);
        connectionsRefused = Counter.builder(CONNECTIONS_REFUSED).tag(SERVICE_TAG, SERVICE)
                .tag("reason", "limit").register(registry);
        handedBack = Counter.builder(SHARED_HAND_BACKS).tag(SERVICE_TAG, SERVICE).tag("outcome", "handed-back")
                .register(registry);
        handBacksFailed = Counter.builder(SHARED_HAND_BACKS).tag(SERVICE_TAG, SERVICE).tag("outcome", "failed")
                .register(registry);
        sessionHandedBack = Counter.builder(SESSION_HAND_BACKS).tag(SERVICE_TAG, SERVICE)
                .tag("outcome", "handed-back").register(registry);
        sessionHandBacksFailed = Counter.builder(SESSION_HAND_BACKS).tag(SERVICE_TAG, SERVICE).tag("outcome", "failed")
                .register(registry);
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, Counter.builder(MESSAGES_DROPPED).tag(SERVICE_TAG, SERVICE)
                    .tag("reason", reason.tag()).register(registry));
        }
        for (WillOutcome outcome : WillOutcome.values()) {
            wills.put(outcome, Counter.builder(WILLS).tag(SERVICE_TAG, SERVICE).tag("outcome", outcome.tag())
                    .register(registry));
        }
        for (AuthorizationAction action : AuthorizationAction.values()) {
            refusals.put(action, Counter.builder(AUTHORIZATION_REFUSED).tag(SERVICE_TAG, SERVICE)
                    .tag("action", action.tag()).register(registry));
        }
        for (IngestError error : IngestError.values()) {
            clientErrors.put(error, errorCounter(registry, error, "client"));
            serverErrors.put(error, errorCounter(registry, error, "server"));
        }
        Gauge.builder(CONNECTIONS, connections, ConnectionRegistry::connectedCount)
                .tag(SERVICE_TAG, SERVICE)
                .register(registry);
        FunctionCounter.builder(BYTES_RECEIVED, traffic, ListenerTraffic::bytesReceived)
                .tag(SERVICE_TAG, SERVICE)
                .register(registry);
        FunctionCounter.builder(BYTES_SENT, traffic, ListenerTraffic::bytesSent)
                .tag(SERVICE_TAG, SERVICE)
                .register(registry);
    }

    @Override
    public NodeTraffic traffic() {
        return new NodeTraffic((long) messagesOut.count(), traffic.bytesReceived(), traffic.bytesSent());
    }

    private static Counter errorCounter(MeterRegistry registry, IngestError error, String origin) {
        return Counter.builder(PROTOCOL_ERRORS)
                .tag(SERVICE_TAG, SERVICE)
                .tag("code", error.code())
                .tag("error", error.name())
                .tag("origin", origin)
                .register(registry);
    }

    void messageIn() {
        messagesIn.increment();
    }

    void messageOut() {
        messagesOut.increment();
    }

    /** A CONNECT refused at the connection limit. */
    void connectionRefused() {
        connectionsRefused.increment();
    }

    void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    void dropped(DropReason reason, int count) {
        dropped.get(reason).increment(count);
    }

    /** A shared-subscription copy written back to the publish stream for another member of its group. */
    void handedBack() {
        handedBack.increment();
    }

    /** A shared-subscription copy that Kafka did not take back: lost to its group. */
    void handBackFailed() {
        handBacksFailed.increment();
    }

    /** A persistent session's copy written back to the publish stream for that session. */
    void handedBackToSession() {
        sessionHandedBack.increment();
    }

    /** A persistent session's copy that Kafka did not take back: lost to the session. */
    void sessionHandBackFailed() {
        sessionHandBacksFailed.increment();
    }

    /** A will that reached {@code outcome}. */
    void will(WillOutcome outcome) {
        wills.get(outcome).increment();
    }

    /** The authorizer refused {@code action}. */
    void notAuthorized(AuthorizationAction action) {
        refusals.get(action).increment();
    }

    /** A client's mistake, answered with {@code error}. */
    void clientError(IngestError error) {
        clientErrors.get(error).increment();
    }

    /** Our own failure, answered with {@code error}. */
    void serverError(IngestError error) {
        serverErrors.get(error).increment();
    }
}
