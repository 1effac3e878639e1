package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.SessionEvent;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of this node: every open TCP connection (for shutdown), and the connected clients by session key
 * (tenant and client id), which delivery and same-node takeover look up, and the ENDED events still in flight per
 * session key. The only state shared between event loops, held in concurrent collections; each connection's own
 * state stays on its event loop.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final Map<String, MqttConnection> clients = new ConcurrentHashMap<>();
    private final Map<String, Future<SessionEvent>> endings = new ConcurrentHashMap<>();
    private final Set<MqttConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    /** Registers {@code connection} as the holder of {@code key}; returns the connection it replaces, or null. */
    MqttConnection register(String key, MqttConnection connection) {
        return clients.put(key, connection);
    }

    /** Unregisters {@code connection} from {@code key}, unless another connection has taken the key over. */
    void unregister(String key, MqttConnection connection) {
        clients.remove(key, connection);
    }

    /**
     * Records that the connection of {@code key} is ending and {@code ended} completes with the state it left
     * (ENDED, or DISCONNECTED for a persistent session; null when it wrote none) once that was handled. Called
     * before {@link #unregister}, so a new connection for the key finds either the ending connection (and takes it
     * over) or this future (and waits for it): its CONNECTED never overtakes the old state.
     */
    void ending(String key, Future<SessionEvent> ended) {
        endings.put(key, ended);
        ended.onComplete(ignored -> endings.remove(key, ended));
    }

    /**
     * Completes once the last connection of {@code key} that ended on this node has had its last state handled,
     * with that state; at once with null when none is ending.
     */
    Future<SessionEvent> previousEnding(String key) {
        return endings.getOrDefault(key, Future.succeededFuture());
    }

    /** The connection of the client with session key {@code key}, or null. */
    MqttConnection find(String key) {
        return clients.get(key);
    }

    void track(MqttConnection connection) {
        open.add(connection);
    }

    void untrack(MqttConnection connection) {
        open.remove(connection);
    }

    /** Every open TCP connection, connected or still connecting. */
    List<MqttConnection> openConnections() {
        return List.copyOf(open);
    }

    /**
     * Number of open connections that sent CONNECT, this one included: what the connection limit counts. Under
     * concurrent CONNECTs on several event loops it may overcount for a moment (a refused connection is counted
     * until it is closed), never undercount, so the limit is never exceeded.
     */
    int openCount() {
        return open.size();
    }

    /** Number of connected clients. */
    public int connectedCount() {
        return clients.size();
    }

    /** From now on, CONNECT is refused: the node is shutting down. */
    void startDraining() {
        draining = true;
    }

    boolean isDraining() {
        return draining;
    }
}
