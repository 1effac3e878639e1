package io.tsunagu.routing.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import io.tsunagu.contracts.topic.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whatever sequence of session events is applied, routing agrees with a brute-force match over the sessions the
 * table reports ({@link RoutingReference}, shared groups included), the counts agree with those sessions, and no
 * session is older than its node's current run. This guards the incremental updates (subscription diffs, node moves,
 * epoch drops) against leaving stale entries behind.
 */
class SessionTablePropertiesTest {

    private static final List<ClientKey> CLIENTS = List.of(new ClientKey("t", "c0"), new ClientKey("t", "c1"),
            new ClientKey("t", "c2"), new ClientKey("u", "c0"));
    private static final List<String> FILTERS = List.of("a", "a/b", "a/+", "a/#", "#", "+/b", "$share/g/a",
            "$share/g/a/+", "$share/h/#");
    private static final List<String> TOPICS = List.of("a", "a/b", "b/b", "a/c");

    /** A session event, or a tombstone when {@code event} is empty. */
    record Change(ClientKey client, Optional<SessionEvent> event) {
    }

    @Test
    void routingAgreesWithTheSessionsAfterAnySequenceOfEvents() {
        ForAll.check(300, changes(), SessionTablePropertiesTest::routingAgreesWithTheSessions);
    }

    private static void routingAgreesWithTheSessions(List<Change> changes) {
        SessionTable table = new SessionTable();
        for (Change change : changes) {
            change.event().ifPresentOrElse(table::apply, () -> table.remove(change.client()));
        }

        Map<ClientKey, Session> sessions = new HashMap<>();
        for (ClientKey client : CLIENTS) {
            table.session(client).ifPresent(session -> sessions.put(client, session));
        }
        for (String topic : TOPICS) {
            for (int qos = 0; qos <= 2; qos++) {
                PublishEvent publish = SessionTableTest.publish("t", topic, qos);
                RoutingReference.check(sessions, publish, table.route(publish).byNode());
            }
        }
        assertThat(table.sessionCount()).isEqualTo(sessions.size());
        assertThat(table.subscriptionCount()).isEqualTo(subscriptions(sessions));
        assertThat(table.sharedGroupCount()).isEqualTo(sharedGroups(sessions));
        sessions.values().forEach(session ->
                assertThat(session.nodeEpoch()).isEqualTo(table.nodeEpoch(session.nodeId()).orElseThrow()));
    }

    /** Every subscription of the sessions, each membership of a shared group included. */
    private static int subscriptions(Map<ClientKey, Session> sessions) {
        return sessions.values().stream().mapToInt(session -> session.subscriptions().size()).sum();
    }

    /** The distinct (tenant, shared filter) pairs of the sessions. */
    private static int sharedGroups(Map<ClientKey, Session> sessions) {
        Set<List<String>> groups = new HashSet<>();
        sessions.forEach((client, session) -> session.subscriptions().stream()
                .filter(subscription -> TopicFilter.isShared(subscription.filter()))
                .forEach(subscription -> groups.add(List.of(client.tenant(), subscription.filter()))));
        return groups.size();
    }

    /** Up to 25 changes: six in ten a connect, three an end, one a tombstone. */
    private static Gen<List<Change>> changes() {
        Gen<Change> connected = connected();
        Gen<Change> ended = ended();
        Gen<Change> tombstone = tombstone();
        Gen<Change> change = random -> {
            int weight = random.nextInt(10);
            return (weight < 6 ? connected : weight < 9 ? ended : tombstone).next(random);
        };
        return change.list(0, 25);
    }

    private static Gen<Change> connected() {
        Gen<ClientKey> clients = Gen.elementsOf(CLIENTS);
        Gen<String> nodes = nodes();
        Gen<Long> epochs = epochs();
        Gen<List<Subscription>> subscriptions = Gen.elementsOf(FILTERS)
                .with(Gen.ints(0, 2), Subscription::of)
                .list(0, 4)
                .map(SessionTablePropertiesTest::distinctFilters);
        return random -> {
            ClientKey client = clients.next(random);
            return new Change(client, Optional.of(new SessionEvent(client.tenant(), client.clientId(),
                    nodes.next(random), epochs.next(random), SessionState.CONNECTED, subscriptions.next(random))));
        };
    }

    private static Gen<Change> ended() {
        Gen<ClientKey> clients = Gen.elementsOf(CLIENTS);
        Gen<String> nodes = nodes();
        Gen<Long> epochs = epochs();
        return random -> {
            ClientKey client = clients.next(random);
            return new Change(client, Optional.of(new SessionEvent(client.tenant(), client.clientId(),
                    nodes.next(random), epochs.next(random), SessionState.ENDED, List.of())));
        };
    }

    private static Gen<Change> tombstone() {
        return Gen.elementsOf(CLIENTS).map(client -> new Change(client, Optional.empty()));
    }

    private static Gen<String> nodes() {
        return Gen.elements("A", "B");
    }

    private static Gen<Long> epochs() {
        return Gen.longs(1, 3);
    }

    /** A session holds one subscription per filter [MQTT-3.8.4-3]: the later one wins, as ingest would send. */
    private static List<Subscription> distinctFilters(List<Subscription> subscriptions) {
        Map<String, Subscription> byFilter = new HashMap<>();
        subscriptions.forEach(subscription -> byFilter.put(subscription.filter(), subscription));
        return new ArrayList<>(byFilter.values());
    }
}
