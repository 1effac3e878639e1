package io.tsunagu.ingest.session;

import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicFilter;
import io.tsunagu.ingest.codec.FilterCheck;
import io.tsunagu.ingest.codec.MqttVersion;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which filters of one SUBSCRIBE need their retained messages sent now (the session event's
 * {@code retainedRequests}), by Retain Handling (MQTT 5 §3.8.3.1):
 * <ul>
 *   <li>0: always, also when the subscription replaces an identical one [MQTT-3.3.1-9] [MQTT-3.8.4-4];</li>
 *   <li>1: only when the subscription did not exist before [MQTT-3.3.1-10];</li>
 *   <li>2: never [MQTT-3.3.1-11].</li>
 * </ul>
 * MQTT 3.1/3.1.1 clients behave as 0: every SUBSCRIBE sends them, repeated ones included (3.1.1 [MQTT-3.3.1-6]
 * [MQTT-3.8.4-3]). Shared subscriptions never get retained messages: they are sent for new Non-shared
 * Subscriptions only (MQTT 5 §3.3.1.3, §4.8.2). Pure functions.
 */
public final class RetainedRequests {

    private static final int SEND_IF_NEW = 1;
    private static final int SEND_ALWAYS = 0;

    private RetainedRequests() {
    }

    /**
     * The filters of the granted {@code results} whose retained messages must be sent, each once, in request
     * order; {@code subscribedBefore} holds the filters the session had before this SUBSCRIBE. Filters are handled
     * in order, as if each came in its own SUBSCRIBE (MQTT 5 §3.8.4), so the second of two identical filters finds
     * the first one existing.
     */
    public static List<String> select(List<FilterCheck> results, Set<String> subscribedBefore,
            int protocolVersion) {
        Set<String> existing = new HashSet<>(subscribedBefore);
        Set<String> requests = new LinkedHashSet<>();
        for (FilterCheck result : results) {
            if (!result.isGranted()) {
                continue;
            }
            Subscription subscription = result.granted();
            boolean isNew = existing.add(subscription.filter());
            if (wantsRetained(subscription, isNew, protocolVersion)) {
                requests.add(subscription.filter());
            }
        }
        return List.copyOf(requests);
    }

    private static boolean wantsRetained(Subscription subscription, boolean isNew, int protocolVersion) {
        if (TopicFilter.isShared(subscription.filter())) {
            return false;
        }
        if (!MqttVersion.isMqtt5(protocolVersion)) {
            return true;
        }
        return subscription.retainHandling() == SEND_ALWAYS
                || (subscription.retainHandling() == SEND_IF_NEW && isNew);
    }
}
