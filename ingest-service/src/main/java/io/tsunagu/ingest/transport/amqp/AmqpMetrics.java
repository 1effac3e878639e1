package io.tsunagu.ingest.transport.amqp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import io.tsunagu.ingest.transport.IngestMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The metrics of the AMQP 0-9-1 listener, tagged {@code service=ingest} like those of {@code IngestMetrics}: open
 * connections, connections refused or failed during the handshake by reason, and connections closed with an error
 * reply code, by code and origin (a client's mistake or our fault). Thread-safe.
 */
@ApplicationScoped
public class AmqpMetrics {

    /** AMQP connections open on this node (connection.open answered, not closed yet). */
    public static final String CONNECTIONS = "tsunagu.ingest.amqp.connections";
    /** Connections that did not get through the handshake, tagged with the reason. */
    public static final String CONNECTIONS_REFUSED = "tsunagu.ingest.amqp.connections.refused";
    /** Connections closed with an error reply code, tagged with the code and the origin (client, server). */
    public static final String CONNECTION_ERRORS = "tsunagu.ingest.amqp.connection.errors";

    /** Connections closed because the client sent nothing for two heartbeat intervals. */
    public static final String HEARTBEAT_TIMEOUTS = "tsunagu.ingest.amqp.heartbeat.timeouts";

    private static final String SERVICE_TAG = "service";
    private static final String SERVICE = "ingest";

    private final AtomicInteger open = new AtomicInteger();
    private final Counter heartbeatTimeouts;
    private final Counter messagesIn;
    private final Counter messagesOut;
    private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);
    private final Map<ReplyCode, Counter> clientErrors = new EnumMap<>(ReplyCode.class);
    private final Map<ReplyCode, Counter> serverErrors = new EnumMap<>(ReplyCode.class);

    /** Why a connection did not get through the handshake. */
    public enum RefusalReason {
        /** Not an AMQP 0-9-1 protocol header. */
        PROTOCOL_HEADER("protocol-header"),
        /** Login refused, an unknown mechanism or an unreadable SASL response. */
        AUTHENTICATION("authentication"),
        /** tune-ok values out of bounds. */
        TUNING("tuning"),
        /** The node's connection limit. */
        LIMIT("limit"),
        /** No connection.open within the handshake timeout. */
        HANDSHAKE_TIMEOUT("handshake-timeout"),
        /** A frame or method the handshake does not allow. */
        HANDSHAKE_ERROR("handshake-error");

        private final String tag;

        RefusalReason(String tag) {
            this.tag = tag;
        }

        /** The metric tag. */
        public String tag() {
            return tag;
        }
    }

    AmqpMetrics(MeterRegistry registry) {
        // The service-wide message counters (the same meters as IngestMetrics's): AMQP publishes and deliveries.
        messagesIn = Counter.builder(IngestMetrics.MESSAGES_IN).tag(SERVICE_TAG, SERVICE).register(registry);
        messagesOut = Counter.builder(IngestMetrics.MESSAGES_OUT).tag(SERVICE_TAG, SERVICE).register(registry);
        Gauge.builder(CONNECTIONS, open, AtomicInteger::get).tag(SERVICE_TAG, SERVICE).register(registry);
        heartbeatTimeouts = Counter.builder(HEARTBEAT_TIMEOUTS).tag(SERVICE_TAG, SERVICE).register(registry);
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(reason, Counter.builder(CONNECTIONS_REFUSED).tag(SERVICE_TAG, SERVICE)
                    .tag("reason", reason.tag()).register(registry));
        }
        for (ReplyCode code : ReplyCode.values()) {
            if (code.isHardError() || code.scope() == ReplyCode.Scope.CHANNEL) {
                clientErrors.put(code, errorCounter(registry, code, "client"));
                serverErrors.put(code, errorCounter(registry, code, "server"));
            }
        }
    }

    private static Counter errorCounter(MeterRegistry registry, ReplyCode code, String origin) {
        return Counter.builder(CONNECTION_ERRORS)
                .tag(SERVICE_TAG, SERVICE)
                .tag("code", Integer.toString(code.code()))
                .tag("reply", code.name())
                .tag("origin", origin)
                .register(registry);
    }

    /** Takes one connection slot if fewer than {@code limit} are open; false at the limit. */
    boolean tryOpen(int limit) {
        while (true) {
            int current = open.get();
            if (current >= limit) {
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** A basic.publish Kafka acknowledged. */
    void messageIn() {
        messagesIn.increment();
    }

    /** A basic.deliver or get-ok written to a client. */
    void messageOut() {
        messagesOut.increment();
    }

    /** An open connection closed. */
    void closed() {
        open.decrementAndGet();
    }

    /** Open AMQP connections on this node. */
    public int openConnections() {
        return open.get();
    }

    /** A connection that did not get through the handshake. */
    void refused(RefusalReason reason) {
        refused.get(reason).increment();
    }

    /** A connection closed for missed heartbeats. */
    void heartbeatTimeout() {
        heartbeatTimeouts.increment();
    }

    /** A connection closed with {@code code} because of the client. */
    void clientError(ReplyCode code) {
        count(clientErrors, code);
    }

    /** A connection closed with {@code code} because of our own failure. */
    void serverError(ReplyCode code) {
        count(serverErrors, code);
    }

    private static void count(Map<ReplyCode, Counter> counters, ReplyCode code) {
        Counter counter = counters.get(code);
        if (counter != null) {
            counter.increment();
        }
    }
}
