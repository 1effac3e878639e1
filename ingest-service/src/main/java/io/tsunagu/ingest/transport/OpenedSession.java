package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.event.Subscription;
import java.util.List;
import java.util.Objects;

/**
 * The session a connection starts with, decided before CONNACK.
 *
 * @param present whether an existing session was resumed: CONNACK Session Present 1 [MQTT-3.2.2-2], else 0
 *     [MQTT-3.2.2-1] [MQTT-3.2.2-3]
 * @param subscriptions the subscriptions of the resumed session; empty for a new one
 * @param releases the QoS 2 flows of the resumed session still waiting on the client: inbound ones awaiting PUBREL,
 *     outbound ones awaiting PUBCOMP; none for a new session
 */
record OpenedSession(boolean present, List<Subscription> subscriptions, PendingReleases releases) {

    private static final OpenedSession FRESH = new OpenedSession(false, List.of(), PendingReleases.NONE);

    OpenedSession {
        subscriptions = List.copyOf(subscriptions);
        Objects.requireNonNull(releases, "releases");
    }

    /** A new, empty session. */
    static OpenedSession fresh() {
        return FRESH;
    }
}
