package io.tsunagu.routing.session;

import io.tsunagu.contracts.event.SessionEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest ENDED event of each client that did not apply to the session the table held (a newer state, or a
 * connection elsewhere), so that the session-action consumer leaves that session's queue alone. Bounded, oldest
 * first out: only races produce entries, and the consumer asks within moments.
 *
 * <p>Threading: written by the session-stream reader, read from any thread; synchronized, as both are rare.
 */
final class SupersededEnds {

    private static final int MAX_ENTRIES = 10_000;

    private final Map<ClientKey, SessionEvent> ends = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ClientKey, SessionEvent> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized void add(ClientKey client, SessionEvent ended) {
        ends.remove(client);
        ends.put(client, ended);
    }

    /** Whether {@code ended} is the client's latest superseded ENDED: same node, run and time. */
    synchronized boolean contains(SessionEvent ended) {
        SessionEvent superseded = ends.get(new ClientKey(ended.tenant(), ended.clientId()));
        return superseded != null && superseded.nodeId().equals(ended.nodeId())
                && superseded.nodeEpoch() == ended.nodeEpoch()
                && superseded.persistence().equals(ended.persistence());
    }
}
