package io.tsunagu.routing.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import io.tsunagu.contracts.topic.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Shared subscriptions over any interleaving of session events and publishes (MQTT 5 §4.8.2): every message that
 * matches a group reaches exactly one current member of it, merged with that client's other matches
 * ({@link RoutingReference}); a group whose membership stays the same hands out its messages round-robin; and a
 * handed-back copy reaches exactly one current member, another than the one that handed it back when there is one.
 * Seeded: a failure names its seed (see {@link ForAll}).
 */
class SharedRoutingPropertiesTest {

    private static final List<ClientKey> CLIENTS = List.of(new ClientKey("t", "c0"), new ClientKey("t", "c1"),
            new ClientKey("t", "c2"), new ClientKey("t", "c3"), new ClientKey("u", "c0"));
    private static final List<String> SHARED_FILTERS = List.of("$share/g/a", "$share/g/a/+", "$share/h/a/+",
            "$share/g/#", "$share/h/+/b");
    private static final List<String> FILTERS = List.of("a", "a/b", "a/+", "a/#", "#", "+/b", "$share/g/a",
            "$share/g/a/+", "$share/h/a/+", "$share/g/#", "$share/h/+/b");
    private static final List<String> TOPICS = List.of("a", "a/b", "b/b", "a/c", "c", "$SYS/b");

    /** One step: a session event or tombstone of a client, or a publish routed through the table. */
    sealed interface Step permits Change, Publish {
    }

    /** A session event, or a tombstone when {@code event} is empty. */
    record Change(ClientKey client, Optional<SessionEvent> event) implements Step {
    }

    /** A publish to route. */
    record Publish(PublishEvent publish) implements Step {
    }

    /** A group's members (each with its options) and the number of rounds of messages published to it. */
    record Rotation(List<Subscription> members, int rounds) {
    }

    /** Sessions, a group to hand a copy back to, and the client that hands it back (null: none named). */
    record HandBack(List<SessionEvent> sessions, String group, String excludedClientId) {
    }

    @Test
    void everyMessageMatchingAGroupReachesExactlyOneCurrentMember() {
        ForAll.check(400, steps(), SharedRoutingPropertiesTest::routesAsTheSessionsSay);
    }

    private static void routesAsTheSessionsSay(List<Step> steps) {
        SessionTable table = new SessionTable();
        for (Step step : steps) {
            switch (step) {
                case Change change -> change.event().ifPresentOrElse(table::apply,
                        () -> table.remove(change.client()));
                case Publish publish -> RoutingReference.check(sessions(table), publish.publish(),
                        table.route(publish.publish()).byNode());
            }
        }
    }

    @Test
    void groupWithSteadyMembersHandsOutItsMessagesRoundRobin() {
        Gen<Subscription> member = Gen.ints(0, 2).with(Gen.ints(0, 5),
                (qos, id) -> new Subscription("$share/g/a/+", qos, false, false, 0, id));
        Gen<Rotation> rotations = member.list(1, 6).with(Gen.ints(1, 5), Rotation::new);
        ForAll.check(300, rotations, SharedRoutingPropertiesTest::handsOutRoundRobin);
    }

    private static void handsOutRoundRobin(Rotation rotation) {
        SessionTable table = new SessionTable();
        int members = rotation.members().size();
        for (int i = 0; i < members; i++) {
            table.apply(new SessionEvent("t", "m" + i, "n" + (i % 2), 1, SessionState.CONNECTED,
                    List.of(rotation.members().get(i), Subscription.of("a/#", 0))));
        }
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < members * rotation.rounds(); i++) {
            chosen.add(sharedRecipient(table.route(SessionTableTest.publish("t", "a/b", 2)).byNode()).clientId());
        }

        // Each window of one round holds every member once, in the same order every round.
        for (int round = 1; round < rotation.rounds(); round++) {
            assertThat(chosen.subList(round * members, (round + 1) * members))
                    .isEqualTo(chosen.subList(0, members));
        }
        Map<String, Long> counts = chosen.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts).hasSize(members).allSatisfy((client, count) ->
                assertThat(count).isEqualTo(rotation.rounds()));
    }

    @Test
    void handedBackCopyReachesExactlyOneCurrentMemberOtherThanTheExcludedWhenThereIsOne() {
        Gen<List<SessionEvent>> sessions = connected().map(change -> change.event().orElseThrow()).list(0, 8);
        Gen<String> groups = Gen.elementsOf(SHARED_FILTERS);
        Gen<String> excluded = Gen.oneOf(Gen.elements("c0", "c1", "c2", "c3", "gone"), Gen.<String>constant(null));
        ForAll.check(500, random -> new HandBack(sessions.next(random), groups.next(random), excluded.next(random)),
                SharedRoutingPropertiesTest::handsBackToOneOtherMember);
    }

    private static void handsBackToOneOtherMember(HandBack handBack) {
        SessionTable table = new SessionTable();
        handBack.sessions().forEach(table::apply);
        Map<String, Subscription> members = new LinkedHashMap<>();
        sessions(table).forEach((client, session) -> session.subscriptions().stream()
                .filter(subscription -> client.tenant().equals("t")
                        && subscription.filter().equals(handBack.group()))
                .forEach(subscription -> members.put(client.clientId(), subscription)));
        PublishEvent copy = SessionTableTest.publish("t", "ignored/by/the/hand-back", 2);

        Map<String, List<Recipient>> routed = table.routeHandedBack(copy, handBack.group(),
                handBack.excludedClientId()).byNode();

        List<Recipient> recipients = routed.values().stream().flatMap(List::stream).toList();
        if (members.isEmpty()) {
            assertThat(recipients).isEmpty();
            return;
        }
        assertThat(recipients).hasSize(1);
        Recipient recipient = recipients.getFirst();
        Subscription membership = members.get(recipient.clientId());
        assertThat(membership).as("the recipient is a current member").isNotNull();
        boolean othersLeft = members.keySet().stream().anyMatch(id -> !id.equals(handBack.excludedClientId()));
        if (othersLeft) {
            assertThat(recipient.clientId()).isNotEqualTo(handBack.excludedClientId());
        }
        List<Integer> ids = membership.subscriptionId() == 0 ? List.of() : List.of(membership.subscriptionId());
        assertThat(recipient).isEqualTo(new Recipient(recipient.clientId(), membership.qos(),
                membership.retainAsPublished(), ids, List.of(handBack.group())));
        String node = table.session(new ClientKey("t", recipient.clientId())).orElseThrow().nodeId();
        assertThat(routed).containsOnlyKeys(node);
    }

    private static Recipient sharedRecipient(Map<String, List<Recipient>> routed) {
        List<Recipient> chosen = routed.values().stream()
                .flatMap(List::stream)
                .filter(recipient -> !recipient.sharedSubscriptions().isEmpty())
                .toList();
        assertThat(chosen).hasSize(1);
        return chosen.getFirst();
    }

    private static Map<ClientKey, Session> sessions(SessionTable table) {
        Map<ClientKey, Session> sessions = new HashMap<>();
        for (ClientKey client : CLIENTS) {
            table.session(client).ifPresent(session -> sessions.put(client, session));
        }
        return sessions;
    }

    /** Up to 40 steps: half publishes, the rest mostly connects, some ends and tombstones. */
    private static Gen<List<Step>> steps() {
        Gen<Change> connected = connected();
        Gen<Change> ended = ended();
        Gen<Change> tombstone = Gen.elementsOf(CLIENTS).map(client -> new Change(client, Optional.empty()));
        Gen<Publish> publishes = publishes();
        Gen<Step> step = random -> {
            int weight = random.nextInt(20);
            if (weight < 10) {
                return publishes.next(random);
            }
            return (weight < 16 ? connected : weight < 19 ? ended : tombstone).next(random);
        };
        return step.list(0, 40);
    }

    private static Gen<Publish> publishes() {
        Gen<String> tenants = Gen.elements("t", "t", "t", "u");
        Gen<String> publishers = Gen.elements("c0", "c1", "c2", "c3", "other");
        Gen<String> topics = Gen.elementsOf(TOPICS);
        Gen<Integer> qos = Gen.ints(0, 2);
        return random -> new Publish(SessionTableTest.publish(tenants.next(random), publishers.next(random),
                topics.next(random), qos.next(random)));
    }

    private static Gen<Change> connected() {
        Gen<ClientKey> clients = Gen.elementsOf(CLIENTS);
        Gen<String> nodes = Gen.elements("A", "B");
        Gen<Long> epochs = Gen.longs(1, 3);
        Gen<List<Subscription>> subscriptions = subscriptions().list(0, 5)
                .map(SharedRoutingPropertiesTest::distinctFilters);
        return random -> {
            ClientKey client = clients.next(random);
            return new Change(client, Optional.of(new SessionEvent(client.tenant(), client.clientId(),
                    nodes.next(random), epochs.next(random), SessionState.CONNECTED, subscriptions.next(random))));
        };
    }

    private static Gen<Change> ended() {
        Gen<ClientKey> clients = Gen.elementsOf(CLIENTS);
        Gen<String> nodes = Gen.elements("A", "B");
        Gen<Long> epochs = Gen.longs(1, 3);
        return random -> {
            ClientKey client = clients.next(random);
            return new Change(client, Optional.of(new SessionEvent(client.tenant(), client.clientId(),
                    nodes.next(random), epochs.next(random), SessionState.ENDED, List.of())));
        };
    }

    /**
     * Subscriptions with every option; no-local only on non-shared filters, since ingest refuses it on a shared one
     * [MQTT-3.8.3-4]. Few identifiers, so that a client's subscriptions share some.
     */
    private static Gen<Subscription> subscriptions() {
        Gen<String> filters = Gen.elementsOf(FILTERS);
        Gen<Integer> qos = Gen.ints(0, 2);
        Gen<Boolean> booleans = Gen.booleans();
        Gen<Integer> ids = Gen.ints(0, 3);
        return random -> {
            String filter = filters.next(random);
            boolean noLocal = !TopicFilter.isShared(filter) && booleans.next(random);
            return new Subscription(filter, qos.next(random), noLocal, booleans.next(random), 0, ids.next(random));
        };
    }

    /** A session holds one subscription per filter [MQTT-3.8.4-3]: the later one wins, as ingest would send. */
    private static List<Subscription> distinctFilters(List<Subscription> subscriptions) {
        Map<String, Subscription> byFilter = new LinkedHashMap<>();
        subscriptions.forEach(subscription -> byFilter.put(subscription.filter(), subscription));
        return new ArrayList<>(byFilter.values());
    }
}
