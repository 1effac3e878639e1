package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.Subscription;
import java.util.List;

/**
 * The session a connection starts with, decided before CONNACK.
 *
 * @param present whether an existing session was resumed: CONNACK Session Present 1 [MQTT-3.2.2-2], else 0
 *     [MQTT-3.2.2-1] [MQTT-3.2.2-3]
 * @param subscriptions the subscriptions of the resumed session; empty for a new one
 * @param pendingReleases the inbound QoS 2 packet ids of the resumed session still awaiting PUBREL
 */
record OpenedSession(boolean present, List<Subscription> subscriptions, List<Integer> pendingReleases) {

    private static final OpenedSession FRESH = new OpenedSession(false, List.of(), List.of());

    OpenedSession {
        subscriptions = List.copyOf(subscriptions);
        pendingReleases = List.copyOf(pendingReleases);
    }

    /** A new, empty session. */
    static OpenedSession fresh() {
        return FRESH;
    }
}
