package io.tsunagu.ingest.cluster;

import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.event.SessionEvent;
import java.util.Optional;

/**
 * Where the sessions are: routing-service holds every session of the cluster (from the compacted session stream) and
 * answers with a session's latest state. Thread-safe.
 */
public interface SessionDirectory {

    /**
     * The latest state of the session of {@code clientId} in {@code tenant}, as of a moment after this call: empty when
     * there is none. Fails when the directory cannot answer (unreachable, too slow, an unreadable answer).
     */
    Uni<Optional<SessionEvent>> find(String tenant, String clientId);
}
