package io.tsunagu.routing.session;

import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.routing.topic.TopicMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Collects the recipients of one message by where their sessions are: under the node that holds the connection, or
 * offline when the session is disconnected. A match whose session is gone is skipped. One message, one thread.
 */
final class RoutesBuilder {

    private final PublishEvent publish;
    private final Function<ClientKey, Session> sessions;
    private final Map<String, List<Recipient>> byNode = new HashMap<>();
    private final List<Recipient> offline = new ArrayList<>();

    RoutesBuilder(PublishEvent publish, Function<ClientKey, Session> sessions) {
        this.publish = publish;
        this.sessions = sessions;
    }

    /** Adds the recipient of {@code match}, at QoS min(publish QoS, granted QoS) [MQTT-3.8.4-8]. */
    void add(TopicMatch<ClientKey> match) {
        Session session = sessions.apply(match.client());
        if (session == null) {
            return;
        }
        Recipient recipient = new Recipient(match.client().clientId(), Math.min(publish.qos(), match.qos()),
                match.retainAsPublished(), match.subscriptionIds(), match.sharedSubscriptions());
        if (session.isConnected()) {
            byNode.computeIfAbsent(session.nodeId(), node -> new ArrayList<>()).add(recipient);
        } else {
            offline.add(recipient);
        }
    }

    Routes build() {
        return byNode.isEmpty() && offline.isEmpty() ? Routes.none() : new Routes(byNode, offline);
    }
}
