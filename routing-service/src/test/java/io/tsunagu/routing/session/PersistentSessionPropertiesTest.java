package io.tsunagu.routing.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import io.tsunagu.contracts.topic.TopicFilter;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Whatever sequence of session events (all four states, persistent or clean), heartbeats and tombstones is applied:
 * the counts agree with the sessions the table holds, no connection of an earlier node run survives, only persistent
 * sessions are DISCONNECTED, and routing sends each matching client's copy to its node when connected and offline
 * (to its queue) when not.
 */
class PersistentSessionPropertiesTest {

    private static final List<ClientKey> CLIENTS = List.of(new ClientKey("t", "c0"), new ClientKey("t", "c1"),
            new ClientKey("t", "c2"));
    private static final List<String> FILTERS = List.of("a", "a/b", "a/+", "a/#", "#", "+/b");
    private static final List<String> TOPICS = List.of("a", "a/b", "b/b");

    @Test
    void tableStaysConsistentAfterAnySequenceOfPersistentSessionEvents() {
        ForAll.check(1_000, changes(), PersistentSessionPropertiesTest::tableIsConsistent);
    }

    private static void tableIsConsistent(List<Consumer<SessionTable>> changes) {
        SessionTable table = new SessionTable();
        changes.forEach(change -> change.accept(table));

        Map<ClientKey, Session> sessions = new HashMap<>();
        table.forEachSession(sessions::put);
        assertThat(table.sessionCount()).isEqualTo(sessions.size());
        assertThat(table.connectedCount() + table.disconnectedCount()).isEqualTo(sessions.size());
        assertThat(table.subscriptionCount())
                .isEqualTo(sessions.values().stream().mapToInt(session -> session.subscriptions().size()).sum());
        sessions.values().forEach(session -> {
            if (session.isConnected()) {
                assertThat(session.nodeEpoch()).isEqualTo(table.nodeEpoch(session.nodeId()).orElseThrow());
            } else {
                assertThat(session.event().isPersistent()).as("only persistent sessions stay disconnected").isTrue();
            }
        });
        for (String topic : TOPICS) {
            Routes routes = table.route(SessionTableTest.publish("t", topic, 2));
            assertThat(asSets(routes)).isEqualTo(expected(sessions, topic));
            assertThat(routes.offline()).doesNotHaveDuplicates();
        }
    }

    /** Where each node's copies and the offline copies go, as sets; the offline ones under the key "". */
    private static Map<String, Set<Recipient>> asSets(Routes routes) {
        Map<String, Set<Recipient>> result = new HashMap<>();
        routes.byNode().forEach((node, recipients) -> result.put(node, new HashSet<>(recipients)));
        if (!routes.offline().isEmpty()) {
            result.put("", new HashSet<>(routes.offline()));
        }
        return result;
    }

    /** The copies each connected matching client gets on its node, and the offline ones under the key "". */
    private static Map<String, Set<Recipient>> expected(Map<ClientKey, Session> sessions, String topic) {
        Map<String, Set<Recipient>> expected = new HashMap<>();
        sessions.forEach((client, session) -> session.subscriptions().stream()
                .filter(subscription -> TopicFilter.matches(subscription.filter(), topic))
                .mapToInt(Subscription::qos)
                .max()
                .ifPresent(qos -> expected.computeIfAbsent(session.isConnected() ? session.nodeId() : "",
                        node -> new HashSet<>()).add(new Recipient(client.clientId(), qos, false))));
        return expected;
    }

    /** Up to 30 changes: session events of every state, heartbeats and tombstones. */
    private static Gen<List<Consumer<SessionTable>>> changes() {
        Gen<SessionEvent> events = events();
        Gen<NodeEvent> heartbeats = nodes().with(epochs(), (node, epoch) -> new NodeEvent(node, epoch, Instant.EPOCH));
        Gen<ClientKey> clients = Gen.elementsOf(CLIENTS);
        Gen<Consumer<SessionTable>> change = random -> {
            int weight = random.nextInt(10);
            if (weight < 7) {
                SessionEvent event = events.next(random);
                return table -> table.apply(event);
            }
            if (weight < 9) {
                NodeEvent heartbeat = heartbeats.next(random);
                return table -> table.apply(heartbeat);
            }
            ClientKey client = clients.next(random);
            return table -> table.remove(client);
        };
        return change.list(0, 30);
    }

    private static Gen<SessionEvent> events() {
        Gen<ClientKey> clients = Gen.elementsOf(CLIENTS);
        Gen<String> nodes = nodes();
        Gen<Long> epochs = epochs();
        Gen<SessionState> states = Gen.elements(SessionState.values());
        Gen<List<Subscription>> subscriptions = Gen.elementsOf(FILTERS)
                .with(Gen.ints(0, 2), Subscription::of)
                .list(0, 3)
                .map(PersistentSessionPropertiesTest::distinctFilters);
        Gen<Long> seconds = Gen.longs(0, 5);
        return random -> {
            ClientKey client = clients.next(random);
            SessionState state = states.next(random);
            return new SessionEvent(client.tenant(), client.clientId(), nodes.next(random), epochs.next(random),
                    state, state == SessionState.ENDED ? List.of() : subscriptions.next(random), List.of(),
                    persistence(random, state, seconds.next(random)), null, List.of(), List.of());
        };
    }

    /** Ingest writes DISCONNECTED for persistent sessions only; other states are persistent or clean. */
    private static SessionPersistence persistence(SplittableRandom random, SessionState state, long second) {
        boolean persistent = state == SessionState.DISCONNECTED || random.nextBoolean();
        return new SessionPersistence(persistent ? 60 : 0, Instant.EPOCH.plusSeconds(second));
    }

    private static Gen<String> nodes() {
        return Gen.elements("A", "B");
    }

    private static Gen<Long> epochs() {
        return Gen.longs(1, 3);
    }

    private static List<Subscription> distinctFilters(List<Subscription> subscriptions) {
        Map<String, Subscription> byFilter = new HashMap<>();
        subscriptions.forEach(subscription -> byFilter.put(subscription.filter(), subscription));
        return List.copyOf(byFilter.values());
    }
}
