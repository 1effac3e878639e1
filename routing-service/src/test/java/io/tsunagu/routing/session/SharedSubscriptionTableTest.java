package io.tsunagu.routing.session;

import static io.tsunagu.routing.session.SessionTableTest.connected;
import static io.tsunagu.routing.session.SessionTableTest.ended;
import static io.tsunagu.routing.session.SessionTableTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shared subscriptions in the session table (MQTT 5 §4.8.2): members per (tenant, ShareName, filter), one member per
 * message in turn, members dropping out as their sessions change, and handed-back copies.
 */
class SharedSubscriptionTableTest {

    private static final String TENANT = "t";
    private static final String GROUP = "$share/g/a/+";
    private static final ClientKey M1 = new ClientKey(TENANT, "m1");
    private static final ClientKey M2 = new ClientKey(TENANT, "m2");
    private static final ClientKey M3 = new ClientKey(TENANT, "m3");
    private static final ClientKey X = new ClientKey(TENANT, "x");

    private final SessionTable table = new SessionTable();

    private static Subscription member(int qos, int subscriptionId) {
        return new Subscription(GROUP, qos, false, false, 0, subscriptionId);
    }

    private static Recipient chosen(String clientId, int qos, List<Integer> ids) {
        return new Recipient(clientId, qos, false, ids, List.of(GROUP));
    }

    private Map<String, List<Recipient>> route(String topic, int qos) {
        return table.route(publish(TENANT, topic, qos)).byNode();
    }

    /** The client ids that {@code messages} publishes to {@code topic} reach, one recipient each. */
    private List<String> chosenFor(String topic, int messages) {
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            List<Recipient> recipients = route(topic, 1).values().stream().flatMap(List::stream).toList();
            assertThat(recipients).hasSize(1);
            clients.add(recipients.getFirst().clientId());
        }
        return clients;
    }

    private Map<String, List<Recipient>> handBack(String target, String excluded) {
        PublishEvent copy = publish(TENANT, "a/b", 2);
        return table.routeHandedBack(copy, target, excluded).byNode();
    }

    @Test
    void membersOnTwoNodesTakeTurnsWithTheirOwnOptions() {
        table.apply(connected(M1, "A", 1, member(1, 4)));
        table.apply(connected(M2, "B", 1, member(2, 0)));

        assertThat(route("a/b", 2)).isEqualTo(Map.of("A", List.of(chosen("m1", 1, List.of(4)))));
        assertThat(route("a/b", 2)).isEqualTo(Map.of("B", List.of(chosen("m2", 2, List.of()))));
        assertThat(route("a/b", 0)).isEqualTo(Map.of("A", List.of(chosen("m1", 0, List.of(4)))));
    }

    @Test
    void groupIsPerTenant() {
        ClientKey other = new ClientKey("u", "m1");
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(connected(other, "B", 1, member(1, 0)));

        assertThat(route("a/b", 1)).containsOnlyKeys("A");
        assertThat(route("a/b", 1)).containsOnlyKeys("A");
        assertThat(table.route(publish("u", "a/b", 1)).byNode()).containsOnlyKeys("B");
        assertThat(table.sharedGroupCount()).isEqualTo(2);
    }

    @Test
    void endedMemberDropsOutAtOnce() {
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(connected(M2, "A", 1, member(1, 0)));
        table.apply(connected(M3, "B", 1, member(1, 0)));

        table.apply(ended(M2, "A", 1));

        assertThat(chosenFor("a/b", 4)).containsExactly("m1", "m3", "m1", "m3");
    }

    @Test
    void memberThatSubscribesWithoutTheFilterDropsOut() {
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(connected(M2, "A", 1, member(1, 0)));

        table.apply(connected(M1, "A", 1, Subscription.of("other", 1)));

        assertThat(chosenFor("a/b", 3)).containsExactly("m2", "m2", "m2");
    }

    @Test
    void tombstoneDropsTheMember() {
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(connected(M2, "A", 1, member(1, 0)));

        table.remove(M1);

        assertThat(chosenFor("a/b", 2)).containsExactly("m2", "m2");
    }

    @Test
    void membersOfARestartedNodeDropOut() {
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(connected(M2, "B", 1, member(1, 0)));

        // Any event from node A's next run shows its earlier connections are gone.
        table.apply(connected(X, "A", 2));

        assertThat(chosenFor("a/b", 3)).containsExactly("m2", "m2", "m2");
    }

    @Test
    void lastMemberLeavingEndsTheGroup() {
        table.apply(connected(M1, "A", 1, member(1, 0)));
        assertThat(table.sharedGroupCount()).isOne();

        table.apply(ended(M1, "A", 1));

        assertThat(route("a/b", 1)).isEmpty();
        assertThat(table.sharedGroupCount()).isZero();
        assertThat(table.subscriptionCount()).isZero();
    }

    @Test
    void memberReconnectingToAnotherNodeIsRoutedThere() {
        table.apply(connected(M1, "A", 1, member(1, 0)));

        table.apply(connected(M1, "B", 1, member(1, 0)));

        assertThat(route("a/b", 1)).isEqualTo(Map.of("B", List.of(chosen("m1", 1, List.of()))));
    }

    @Test
    void clientWithASharedAndANonSharedMatchGetsOneCopyWithBoth() {
        table.apply(connected(M1, "A", 1, member(1, 5), new Subscription("a/#", 2, false, false, 0, 9)));

        assertThat(route("a/b", 2)).isEqualTo(Map.of("A", List.of(chosen("m1", 2, List.of(5, 9)))));
    }

    @Test
    void nonSharedSubscribersGetEveryMessageWhileTheGroupRotates() {
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(connected(M2, "A", 1, member(1, 0)));
        table.apply(connected(X, "B", 1, Subscription.of("a/#", 1)));

        for (int i = 0; i < 4; i++) {
            Map<String, List<Recipient>> routed = route("a/b", 1);
            assertThat(routed.get("B")).containsExactly(new Recipient("x", 1, false));
            assertThat(routed.get("A")).hasSize(1);
        }
    }

    @Test
    void subscriptionCountIncludesMemberships() {
        table.apply(connected(M1, "A", 1, member(1, 0), Subscription.of("a/b", 1)));
        table.apply(connected(M2, "A", 1, member(1, 0), Subscription.of("$share/h/a/+", 1)));

        assertThat(table.subscriptionCount()).isEqualTo(4);
        assertThat(table.sharedGroupCount()).isEqualTo(2);
    }

    @Test
    void handedBackCopyGoesOnlyToAnotherMember() {
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(connected(M2, "B", 1, member(1, 3)));
        table.apply(connected(X, "A", 1, Subscription.of("a/#", 2), Subscription.of("$share/h/a/+", 2)));

        for (int i = 0; i < 3; i++) {
            assertThat(handBack(GROUP, "m1")).isEqualTo(Map.of("B", List.of(chosen("m2", 1, List.of(3)))));
        }
    }

    @Test
    void handedBackCopyGoesToTheExcludedClientWhenNoOtherMemberIsLeft() {
        table.apply(connected(M1, "A", 1, member(1, 0)));

        assertThat(handBack(GROUP, "m1")).isEqualTo(Map.of("A", List.of(chosen("m1", 1, List.of()))));
    }

    @Test
    void handedBackCopyWithoutAnExcludedClientGoesToTheNextMember() {
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(connected(M2, "B", 1, member(1, 0)));

        assertThat(handBack(GROUP, null)).containsOnlyKeys("A");
        assertThat(handBack(GROUP, null)).containsOnlyKeys("B");
    }

    @Test
    void handedBackCopyToAGroupWithoutMembersGoesNowhere() {
        table.apply(connected(X, "A", 1, Subscription.of("a/#", 2)));
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(ended(M1, "A", 1));

        assertThat(handBack(GROUP, "m1")).isEmpty();
        assertThat(handBack("$share/other/a/+", null)).isEmpty();
        assertThat(handBack("a/+", null)).isEmpty();
        assertThat(table.routeHandedBack(publish("nobody", "a/b", 1), GROUP, null).isEmpty()).isTrue();
    }

    @Test
    void handedBackCopyDoesNotTakeATurnFromTheExcludedMember() {
        table.apply(connected(M1, "A", 1, member(1, 0)));
        table.apply(connected(M2, "A", 1, member(1, 0)));
        table.apply(connected(M3, "A", 1, member(1, 0)));

        assertThat(handBack(GROUP, "m1").get("A")).extracting(Recipient::clientId).containsExactly("m2");

        assertThat(chosenFor("a/b", 3)).containsExactly("m3", "m1", "m2");
    }
}
