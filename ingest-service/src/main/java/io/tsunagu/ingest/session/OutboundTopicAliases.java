package io.tsunagu.ingest.session;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Topic Aliases this server assigns to the topics it sends one MQTT 5 client, up to the Topic Alias Maximum
 * the client sent in CONNECT [MQTT-3.3.2-11]; none when that is 0 or absent [MQTT-3.1.2-27]. A topic gets an alias
 * the first time it is sent (topic and alias go out together); later sends carry the alias and an empty topic.
 * When every alias is taken, the least recently used topic gives its alias up. Event-loop only: not thread-safe.
 */
public final class OutboundTopicAliases {

    private final int maximum;
    private final LinkedHashMap<String, Integer> byTopic = new LinkedHashMap<>(16, 0.75f, true);
    private final ArrayDeque<Integer> withdrawn = new ArrayDeque<>();
    private int nextUnused = 1;

    /** Aliases 1 to {@code maximum} (the client's Topic Alias Maximum); 0 assigns none. */
    public OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /**
     * The alias of one PUBLISH.
     *
     * @param alias the Topic Alias to send
     * @param topicKnown true when the client already maps {@code alias} to the topic, so the topic is sent empty
     */
    public record Assignment(int alias, boolean topicKnown) {
    }

    /** The alias to send {@code topic} with; empty when the client accepts no aliases. */
    public Optional<Assignment> assign(String topic) {
        if (maximum == 0) {
            return Optional.empty();
        }
        Integer known = byTopic.get(topic);
        if (known != null) {
            return Optional.of(new Assignment(known, true));
        }
        int alias = takeAlias();
        byTopic.put(topic, alias);
        return Optional.of(new Assignment(alias, false));
    }

    /**
     * The PUBLISH that carried {@code assignment} for {@code topic} was not sent after all: a new mapping is
     * forgotten (its alias is reused later, always with its topic), so the client is never sent an alias it does
     * not know.
     */
    public void withdraw(String topic, Assignment assignment) {
        if (!assignment.topicKnown() && byTopic.remove(topic, assignment.alias())) {
            withdrawn.push(assignment.alias());
        }
    }

    private int takeAlias() {
        if (!withdrawn.isEmpty()) {
            return withdrawn.pop();
        }
        if (nextUnused <= maximum) {
            return nextUnused++;
        }
        Iterator<Map.Entry<String, Integer>> leastRecentlyUsed = byTopic.entrySet().iterator();
        int alias = leastRecentlyUsed.next().getValue();
        leastRecentlyUsed.remove();
        return alias;
    }
}
