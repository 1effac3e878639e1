package io.tsunagu.routing.session;

import io.tsunagu.contracts.event.Recipient;
import java.util.List;
import java.util.Map;

/**
 * Where the copies of one message go: the recipients whose sessions are connected, grouped by the ingest node that
 * holds their connection, and the recipients whose persistent sessions are disconnected, whose copies wait in their
 * session queues.
 *
 * @param byNode the recipients on each node, each client at most once
 * @param offline the recipients without a connection (same tenant as the message), each client at most once
 */
public record Routes(Map<String, List<Recipient>> byNode, List<Recipient> offline) {

    private static final Routes NONE = new Routes(Map.of(), List.of());

    public Routes {
        byNode = Map.copyOf(byNode);
        offline = List.copyOf(offline);
    }

    /** No recipient at all. */
    public static Routes none() {
        return NONE;
    }

    /** Whether the message reaches nobody. */
    public boolean isEmpty() {
        return byNode.isEmpty() && offline.isEmpty();
    }
}
