package io.tsunagu.routing.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules for applying the session stream, and routing against the result. */
class SessionTableTest {

    private static final String TENANT = "t";
    private static final ClientKey C1 = new ClientKey(TENANT, "c1");
    private static final ClientKey C2 = new ClientKey(TENANT, "c2");
    private static final ClientKey C3 = new ClientKey(TENANT, "c3");

    private final SessionTable table = new SessionTable();

    static SessionEvent connected(ClientKey client, String node, long epoch, Subscription... subscriptions) {
        return new SessionEvent(client.tenant(), client.clientId(), node, epoch, SessionState.CONNECTED,
                List.of(subscriptions));
    }

    static SessionEvent ended(ClientKey client, String node, long epoch) {
        return new SessionEvent(client.tenant(), client.clientId(), node, epoch, SessionState.ENDED, List.of());
    }

    static PublishEvent publish(String tenant, String topic, int qos) {
        return publish(tenant, "publisher", topic, qos);
    }

    static PublishEvent publish(String tenant, String clientId, String topic, int qos) {
        return new PublishEvent(UUID.randomUUID(), tenant, clientId, "n0", topic, qos, false, Instant.EPOCH,
                MessageProperties.none(), Payload.utf8("x"));
    }

    private Map<String, List<Recipient>> route(String topic, int qos) {
        return table.route(publish(TENANT, topic, qos)).byNode();
    }

    @Test
    void connectedSessionIsRoutedToItsNode() {
        assertThat(table.apply(connected(C1, "A", 1, Subscription.of("a/+", 1)))).isEqualTo(ApplyOutcome.CONNECTED);

        assertThat(route("a/b", 1)).isEqualTo(Map.of("A", List.of(new Recipient("c1", 1, false))));
        assertThat(table.session(C1)).contains(new Session(connected(C1, "A", 1, Subscription.of("a/+", 1))));
    }

    @Test
    void recipientQosIsTheLowerOfPublishAndGrantedQos() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));

        assertThat(route("a", 2)).isEqualTo(Map.of("A", List.of(new Recipient("c1", 1, false))));
        assertThat(route("a", 0)).isEqualTo(Map.of("A", List.of(new Recipient("c1", 0, false))));
    }

    @Test
    void recipientsAreGroupedByNode() {
        table.apply(connected(C1, "A", 1, Subscription.of("a/#", 1)));
        table.apply(connected(C2, "A", 1, Subscription.of("a/b", 2)));
        table.apply(connected(C3, "B", 1, Subscription.of("+/b", 0)));

        Map<String, List<Recipient>> routed = route("a/b", 2);

        assertThat(routed).containsOnlyKeys("A", "B");
        assertThat(routed.get("A")).containsExactlyInAnyOrder(new Recipient("c1", 1, false),
                new Recipient("c2", 2, false));
        assertThat(routed.get("B")).containsExactly(new Recipient("c3", 0, false));
    }

    @Test
    void overlappingSubscriptionsOfAClientGiveOneRecipientWithTheHighestQos() {
        table.apply(connected(C1, "A", 1, Subscription.of("a/#", 0), Subscription.of("a/b", 2),
                Subscription.of("+/b", 1)));

        assertThat(route("a/b", 2)).isEqualTo(Map.of("A", List.of(new Recipient("c1", 2, false))));
    }

    @Test
    void recipientCarriesTheIdentifiersOfAllItsMatchingSubscriptions() {
        // [MQTT-3.3.4-3] [MQTT-3.3.4-5]
        table.apply(connected(C1, "A", 1, new Subscription("a/#", 0, false, false, 0, 12),
                new Subscription("a/b", 1, false, false, 0, 4), Subscription.of("+/b", 2),
                new Subscription("x/#", 1, false, false, 0, 99)));
        table.apply(connected(C2, "A", 1, new Subscription("a/+", 1, false, false, 0, 4)));

        assertThat(route("a/b", 2)).containsOnlyKeys("A");
        assertThat(route("a/b", 2).get("A")).containsExactlyInAnyOrder(
                new Recipient("c1", 2, false, List.of(4, 12)), new Recipient("c2", 1, false, List.of(4)));
    }

    @Test
    void connectedEventReplacesTheSubscriptions() {
        table.apply(connected(C1, "A", 1, Subscription.of("old", 1), Subscription.of("kept", 0)));

        table.apply(connected(C1, "A", 1, Subscription.of("kept", 2), Subscription.of("new", 1)));

        assertThat(route("old", 1)).isEmpty();
        assertThat(route("kept", 2)).isEqualTo(Map.of("A", List.of(new Recipient("c1", 2, false))));
        assertThat(route("new", 1)).isEqualTo(Map.of("A", List.of(new Recipient("c1", 1, false))));
        assertThat(table.subscriptionCount()).isEqualTo(2);
    }

    @Test
    void connectedEventWithoutSubscriptionsKeepsTheSessionButRoutesNothing() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));

        table.apply(connected(C1, "A", 1));

        assertThat(table.session(C1)).isPresent();
        assertThat(route("a", 1)).isEmpty();
        assertThat(table.subscriptionCount()).isZero();
    }

    @Test
    void reconnectingToAnotherNodeMovesTheClient() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));

        table.apply(connected(C1, "B", 5, Subscription.of("a", 1)));

        assertThat(route("a", 1)).isEqualTo(Map.of("B", List.of(new Recipient("c1", 1, false))));
    }

    @Test
    void endedFromTheHoldingNodeRemovesTheSession() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));

        assertThat(table.apply(ended(C1, "A", 1))).isEqualTo(ApplyOutcome.REMOVED);

        assertThat(table.session(C1)).isEmpty();
        assertThat(route("a", 1)).isEmpty();
        assertThat(table.sessionCount()).isZero();
        assertThat(table.subscriptionCount()).isZero();
    }

    @Test
    void endedFromAnotherNodeDoesNotRemoveTheLaterConnection() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));
        table.apply(connected(C1, "B", 1, Subscription.of("a", 1)));

        assertThat(table.apply(ended(C1, "A", 1))).isEqualTo(ApplyOutcome.SUPERSEDED);

        assertThat(route("a", 1)).isEqualTo(Map.of("B", List.of(new Recipient("c1", 1, false))));
    }

    @Test
    void endedOfAnUnknownSessionChangesNothing() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));

        assertThat(table.apply(ended(C2, "A", 1))).isEqualTo(ApplyOutcome.SUPERSEDED);

        assertThat(table.sessionCount()).isEqualTo(1);
    }

    @Test
    void tombstoneRemovesTheSession() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));

        assertThat(table.remove(C1)).isEqualTo(ApplyOutcome.REMOVED);

        assertThat(table.session(C1)).isEmpty();
        assertThat(route("a", 1)).isEmpty();
    }

    @Test
    void tombstoneOfAnUnknownSessionIsHarmless() {
        assertThat(table.remove(C1)).isEqualTo(ApplyOutcome.REMOVED);

        assertThat(table.sessionCount()).isZero();
    }

    @Test
    void higherEpochOfANodeDropsTheSessionsOfItsEarlierRun() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));
        table.apply(connected(C2, "A", 1, Subscription.of("a", 1)));
        table.apply(connected(C3, "B", 1, Subscription.of("a", 1)));

        table.apply(connected(new ClientKey(TENANT, "c4"), "A", 2, Subscription.of("b", 1)));

        assertThat(table.session(C1)).isEmpty();
        assertThat(table.session(C2)).isEmpty();
        assertThat(table.session(C3)).isPresent();
        assertThat(table.nodeEpoch("A")).hasValue(2);
        assertThat(route("a", 1)).isEqualTo(Map.of("B", List.of(new Recipient("c3", 1, false))));
    }

    @Test
    void clientReconnectingAfterItsNodeRestartedKeepsItsNewSession() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));

        table.apply(connected(C1, "A", 2, Subscription.of("a", 2)));

        assertThat(table.session(C1)).contains(new Session(connected(C1, "A", 2, Subscription.of("a", 2))));
        assertThat(route("a", 2)).isEqualTo(Map.of("A", List.of(new Recipient("c1", 2, false))));
    }

    @Test
    void eventFromAnEarlierRunOfTheNodeIsStale() {
        table.apply(connected(C1, "A", 2, Subscription.of("a", 1)));

        assertThat(table.apply(connected(C2, "A", 1, Subscription.of("a", 1)))).isEqualTo(ApplyOutcome.STALE);
        assertThat(table.apply(ended(C1, "A", 1))).isEqualTo(ApplyOutcome.STALE);

        assertThat(table.session(C2)).isEmpty();
        assertThat(table.session(C1)).isPresent();
    }

    @Test
    void endedEventAlsoRevealsThatTheNodeRestarted() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1)));

        table.apply(ended(C2, "A", 2));

        assertThat(table.session(C1)).isEmpty();
        assertThat(table.nodeEpoch("A")).hasValue(2);
    }

    @Test
    void epochsOfDifferentNodesAreIndependent() {
        table.apply(connected(C1, "A", 100, Subscription.of("a", 1)));

        assertThat(table.apply(connected(C2, "B", 1, Subscription.of("a", 1)))).isEqualTo(ApplyOutcome.CONNECTED);

        assertThat(route("a", 1)).containsOnlyKeys("A", "B");
    }

    @Test
    void tenantsDoNotSeeEachOthersSubscriptions() {
        table.apply(connected(new ClientKey("other", "c1"), "A", 1, Subscription.of("#", 1)));

        assertThat(route("a", 1)).isEmpty();
        assertThat(table.route(publish("other", "a", 1)).byNode()).containsOnlyKeys("A");
    }

    @Test
    void sameClientIdInTwoTenantsAreTwoClients() {
        table.apply(connected(new ClientKey("x", "c"), "A", 1, Subscription.of("a", 1)));
        table.apply(connected(new ClientKey("y", "c"), "B", 1, Subscription.of("a", 1)));

        table.apply(ended(new ClientKey("x", "c"), "A", 1));

        assertThat(table.route(publish("y", "a", 1)).byNode()).containsOnlyKeys("B");
        assertThat(table.sessionCount()).isEqualTo(1);
    }

    @Test
    void noLocalSubscriptionSkipsThePublishersOwnMessages() {
        table.apply(connected(C1, "A", 1, new Subscription("a", 1, true, false, 0)));

        assertThat(table.route(publish(TENANT, "c1", "a", 1)).byNode()).isEmpty();
        assertThat(table.route(publish(TENANT, "c2", "a", 1)).byNode()).containsOnlyKeys("A");
    }

    @Test
    void retainAsPublishedTravelsToTheRecipient() {
        table.apply(connected(C1, "A", 1, new Subscription("a", 1, false, true, 0)));

        assertThat(route("a", 1)).isEqualTo(Map.of("A", List.of(new Recipient("c1", 1, true))));
    }

    @Test
    void malformedSharedFilterIsKeptButNotRouted() {
        // Ingest refuses it [MQTT-4.8.2-1]; a record carrying one must not stop the session reader.
        Subscription malformed = Subscription.of("$share/g", 1);
        table.apply(connected(C1, "A", 1, malformed, Subscription.of("a", 1)));

        assertThat(table.session(C1).orElseThrow().subscriptions()).containsExactly(malformed, Subscription.of("a", 1));
        assertThat(route("a", 1)).isEqualTo(Map.of("A", List.of(new Recipient("c1", 1, false))));
        assertThat(table.subscriptionCount()).isOne();

        table.apply(ended(C1, "A", 1));

        assertThat(table.sessionCount()).isZero();
        assertThat(table.subscriptionCount()).isZero();
    }

    @Test
    void countsFollowTheChanges() {
        table.apply(connected(C1, "A", 1, Subscription.of("a", 1), Subscription.of("b", 1)));
        table.apply(connected(C2, "B", 1, Subscription.of("a", 1)));
        assertThat(table.sessionCount()).isEqualTo(2);
        assertThat(table.subscriptionCount()).isEqualTo(3);

        table.apply(ended(C1, "A", 1));

        assertThat(table.sessionCount()).isEqualTo(1);
        assertThat(table.subscriptionCount()).isEqualTo(1);
    }
}
