package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.event.Will;
import io.tsunagu.ingest.session.SessionExpiry;
import io.tsunagu.ingest.session.SessionTerms;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

/**
 * The session of one connection as the session stream sees it: its terms (Session Expiry Interval granted, changed
 * by an MQTT 5 DISCONNECT), the will routing publishes should this node die, and the events that state it (CONNECTED,
 * DISCONNECTED, ENDED, TAKEOVER). Every event says when it was written ({@link SessionPersistence#updatedAt()}), so
 * routing never lets an older decision undo a newer state. Event-loop only.
 */
final class SessionStates {

    private final ConnectionServices services;
    private final ConnectedClient client;
    private final SessionTerms terms;
    private long expiry;
    private Will will;

    SessionStates(ConnectionServices services, ConnectedClient client, SessionTerms terms) {
        this.services = services;
        this.client = client;
        this.terms = terms;
        this.expiry = terms.grantedExpiry();
    }

    SessionTerms terms() {
        return terms;
    }

    /** Whether the session outlives its connection, as things stand now. */
    boolean isPersistent() {
        return expiry > 0;
    }

    /** The Session Expiry Interval that applies now, in seconds. */
    long expiry() {
        return expiry;
    }

    /** The will of CONNECT, for the CONNECTED events (routing publishes it when this node dies); null: none. */
    void holdWill(Will connectWill) {
        this.will = connectWill;
    }

    /**
     * An MQTT 5 DISCONNECT carried {@code requested} (empty: no Session Expiry Interval): the interval that applies
     * from now on (MQTT 5 §3.14.2.2.2).
     */
    SessionExpiry.Change onDisconnect(OptionalLong requested) {
        long max = services.options().mqtt().maxSessionExpiry().toSeconds();
        SessionExpiry.Change change = SessionExpiry.atDisconnect(terms.requestedExpiry(), expiry, requested, max);
        expiry = change.expiry();
        return change;
    }

    /**
     * CONNECTED on this node with {@code subscriptions} and the QoS 2 flows waiting on the client now, asking for the
     * retained messages of {@code retained}.
     */
    SessionEvent connected(List<Subscription> subscriptions, List<String> retained, PendingReleases releases) {
        return event(SessionState.CONNECTED, subscriptions, retained, new Pending(will, releases));
    }

    /**
     * DISCONNECTED: the persistent session without a connection, with the will still to publish (or null) and the
     * QoS 2 flows the client left waiting, so that they go on when it resumes.
     */
    SessionEvent disconnected(List<Subscription> subscriptions, Will pendingWill, PendingReleases releases) {
        return event(SessionState.DISCONNECTED, subscriptions, List.of(), new Pending(pendingWill, releases));
    }

    /** ENDED: the session is gone, and routing purges its queue. */
    SessionEvent ended() {
        return event(SessionState.ENDED, List.of(), List.of(), Pending.NONE);
    }

    /** TAKEOVER: this node asks for the session, held by another node, for the client connecting here now. */
    SessionEvent takeoverRequest() {
        return event(SessionState.TAKEOVER, List.of(), List.of(), Pending.NONE);
    }

    /** What a state carries besides subscriptions: the pending will and the QoS 2 flows waiting on the client. */
    private record Pending(Will will, PendingReleases releases) {
        static final Pending NONE = new Pending(null, PendingReleases.NONE);
    }

    private SessionEvent event(SessionState state, List<Subscription> subscriptions, List<String> retained,
            Pending pending) {
        SessionPersistence persistence = new SessionPersistence(expiry,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        return new SessionEvent(client.tenant(), client.clientId(), services.identity().nodeId(),
                services.identity().nodeEpoch(), state, subscriptions, retained, persistence, pending.will(),
                pending.releases().inbound(), pending.releases().outbound());
    }
}
