package io.tsunagu.routing.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.event.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Shared subscriptions in the {@link TopicMatcher} (MQTT 5 §4.8.2): one member per matching group, merged. */
class SharedSubscriptionMatchingTest {

    private final TopicMatcher<String> matcher = new TopicMatcher<>();

    private static Subscription shared(String filter, int qos, int subscriptionId) {
        return new Subscription(filter, qos, false, false, 0, subscriptionId);
    }

    /** The one client that {@code topic} reaches, which must be exactly one. */
    private String onlyClientFor(String topic) {
        List<TopicMatch<String>> matches = matcher.match(topic);
        assertThat(matches).hasSize(1);
        return matches.getFirst().client();
    }

    private List<String> onlyClientsFor(String topic, int messages) {
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            clients.add(onlyClientFor(topic));
        }
        return clients;
    }

    @Test
    void eachMessageGoesToOneMemberInTurn() {
        matcher.subscribe("m1", Subscription.of("$share/g/a/+", 1));
        matcher.subscribe("m2", Subscription.of("$share/g/a/+", 1));

        assertThat(onlyClientsFor("a/b", 4)).containsExactly("m1", "m2", "m1", "m2");
    }

    @Test
    void theMatchNamesTheSharedFilterItWasChosenThrough() {
        matcher.subscribe("m", shared("$share/g/a/#", 2, 5));

        assertThat(matcher.match("a/b", null))
                .containsExactly(new TopicMatch<>("m", 2, false, List.of(5), List.of("$share/g/a/#")));
    }

    @Test
    void theSharedFilterMatchesAsItsFilterAndIsNoLiteralTopic() {
        matcher.subscribe("m", Subscription.of("$share/g/a/#", 1));

        assertThat(onlyClientFor("a")).isEqualTo("m");
        assertThat(onlyClientFor("a/b/c")).isEqualTo("m");
        assertThat(matcher.match("$share/g/a")).isEmpty();
        assertThat(matcher.match("b")).isEmpty();
    }

    @Test
    void sharedWildcardAtFirstLevelDoesNotMatchDollarTopics() {
        // [MQTT-4.7.2-1] applies to the filter after the ShareName.
        matcher.subscribe("m", Subscription.of("$share/g/#", 1));

        assertThat(matcher.match("$SYS/broker/uptime")).isEmpty();
        assertThat(onlyClientFor("a")).isEqualTo("m");
    }

    @Test
    void everyMatchingGroupGivesOneMember() {
        matcher.subscribe("g1", Subscription.of("$share/g/a", 1));
        matcher.subscribe("g2", Subscription.of("$share/g/a", 1));
        matcher.subscribe("h1", Subscription.of("$share/h/a", 1));
        matcher.subscribe("p1", Subscription.of("$share/g/+", 1));

        List<String> clients = matcher.match("a").stream().map(TopicMatch::client).sorted().toList();

        // Same ShareName, other filter: another group [MQTT-4.8.2-1].
        assertThat(clients).hasSize(3).contains("h1", "p1").containsAnyOf("g1", "g2");
        assertThat(matcher.sharedGroupCount()).isEqualTo(3);
    }

    @Test
    void chosenMemberIsMergedWithItsNonSharedSubscriptions() {
        matcher.subscribe("c", shared("$share/g/a/+", 2, 5));
        matcher.subscribe("c", new Subscription("a/#", 1, false, true, 0, 7));
        matcher.subscribe("c", Subscription.of("a/b", 0));

        assertThat(matcher.match("a/b"))
                .containsExactly(new TopicMatch<>("c", 2, false, List.of(5, 7), List.of("$share/g/a/+")));
    }

    @Test
    void nonSharedSubscriptionStillMatchesWhenAnotherMemberIsChosen() {
        matcher.subscribe("c", Subscription.of("$share/g/a", 1));
        matcher.subscribe("c", Subscription.of("a", 0));
        matcher.subscribe("d", Subscription.of("$share/g/a", 2));

        assertThat(matcher.match("a")).containsExactlyInAnyOrder(
                new TopicMatch<>("c", 1, false, List.of(), List.of("$share/g/a")));
        assertThat(matcher.match("a")).containsExactlyInAnyOrder(
                new TopicMatch<>("c", 0, false),
                new TopicMatch<>("d", 2, false, List.of(), List.of("$share/g/a")));
    }

    @Test
    void clientChosenByTwoGroupsGetsOneMatchListingBoth() {
        matcher.subscribe("c", shared("$share/z/a/+", 1, 3));
        matcher.subscribe("c", shared("$share/a/a/b", 0, 3));

        assertThat(matcher.match("a/b")).containsExactly(
                new TopicMatch<>("c", 1, false, List.of(3), List.of("$share/a/a/b", "$share/z/a/+")));
    }

    @Test
    void noLocalDoesNotApplyToSharedSubscriptions() {
        // No-local on a shared subscription is a Protocol Error [MQTT-3.8.3-4]; should one get here, it is ignored.
        matcher.subscribe("c", new Subscription("$share/g/a", 1, true, false, 0));
        matcher.subscribe("c", new Subscription("b", 1, true, false, 0));

        assertThat(matcher.match("a", "c")).extracting(TopicMatch::client).containsExactly("c");
        assertThat(matcher.match("b", "c")).isEmpty();
    }

    @Test
    void memberThatLeftIsNoLongerChosen() {
        matcher.subscribe("m1", Subscription.of("$share/g/a", 1));
        matcher.subscribe("m2", Subscription.of("$share/g/a", 1));
        matcher.subscribe("m3", Subscription.of("$share/g/a", 1));
        assertThat(onlyClientFor("a")).isEqualTo("m1");

        assertThat(matcher.unsubscribe("m2", "$share/g/a")).isTrue();

        assertThat(onlyClientsFor("a", 4)).containsExactly("m3", "m1", "m3", "m1");
    }

    @Test
    void unsubscribingTheNonSharedFilterKeepsTheMembership() {
        matcher.subscribe("c", Subscription.of("$share/g/a", 1));
        matcher.subscribe("c", Subscription.of("a", 1));

        assertThat(matcher.unsubscribe("c", "a")).isTrue();

        assertThat(matcher.match("a"))
                .containsExactly(new TopicMatch<>("c", 1, false, List.of(), List.of("$share/g/a")));
    }

    @Test
    void lastMemberLeavingRemovesTheGroupAndPrunesTheTrie() {
        matcher.subscribe("m", Subscription.of("$share/g/a/b", 1));
        assertThat(matcher.subscriptionCount()).isOne();
        assertThat(matcher.sharedGroupCount()).isOne();

        assertThat(matcher.unsubscribe("m", "$share/g/a/b")).isTrue();

        assertThat(matcher.isEmpty()).isTrue();
        assertThat(matcher.sharedGroupCount()).isZero();
        assertThat(matcher.match("a/b")).isEmpty();
        assertThat(matcher.unsubscribe("m", "$share/g/a/b")).isFalse();
    }

    @Test
    void unsubscribingFromAGroupTheClientIsNotInChangesNothing() {
        matcher.subscribe("m", Subscription.of("$share/g/a", 1));

        assertThat(matcher.unsubscribe("x", "$share/g/a")).isFalse();
        assertThat(matcher.unsubscribe("m", "$share/h/a")).isFalse();
        assertThat(matcher.unsubscribe("m", "a")).isFalse();

        assertThat(matcher.subscriptionCount()).isOne();
    }

    @Test
    void membershipsCountAsSubscriptionsOnce() {
        matcher.subscribe("m", Subscription.of("$share/g/a", 1));
        matcher.subscribe("m", Subscription.of("$share/g/a", 2));
        matcher.subscribe("n", Subscription.of("$share/g/a", 2));
        matcher.subscribe("m", Subscription.of("a", 2));

        assertThat(matcher.subscriptionCount()).isEqualTo(3);
        assertThat(matcher.sharedGroupCount()).isOne();
    }

    @Test
    void subscribingAgainReplacesTheMembersOptions() {
        matcher.subscribe("m", Subscription.of("$share/g/a", 1));

        assertThat(matcher.subscribe("m", shared("$share/g/a", 2, 4))).isEqualTo(Subscription.of("$share/g/a", 1));

        assertThat(matcher.match("a"))
                .containsExactly(new TopicMatch<>("m", 2, false, List.of(4), List.of("$share/g/a")));
    }

    @Test
    void membersThatAreNotPresentArePassedOver() {
        matcher.subscribe("gone", Subscription.of("$share/g/a", 1));
        matcher.subscribe("here", Subscription.of("$share/g/a", 1));

        for (int i = 0; i < 3; i++) {
            assertThat(matcher.match("a", null, client -> client.equals("here")))
                    .extracting(TopicMatch::client).containsExactly("here");
        }
        assertThat(matcher.match("a", null, client -> false)).isEmpty();
    }

    @Test
    void handedBackCopyGoesToAnotherMemberThanTheOneThatHandedItBack() {
        matcher.subscribe("m1", Subscription.of("$share/g/a", 1));
        matcher.subscribe("m2", shared("$share/g/a", 2, 6));
        matcher.subscribe("x", Subscription.of("a", 2));

        for (int i = 0; i < 3; i++) {
            assertThat(matcher.matchShared("$share/g/a", "m1", client -> true))
                    .contains(new TopicMatch<>("m2", 2, false, List.of(6), List.of("$share/g/a")));
        }
    }

    @Test
    void handedBackCopyTakesTurnsAmongTheOtherMembers() {
        matcher.subscribe("m1", Subscription.of("$share/g/a", 1));
        matcher.subscribe("m2", Subscription.of("$share/g/a", 1));
        matcher.subscribe("m3", Subscription.of("$share/g/a", 1));

        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(matcher.matchShared("$share/g/a", "m2", client -> true).orElseThrow().client());
        }

        assertThat(chosen).containsExactly("m1", "m3", "m1", "m3");
    }

    @Test
    void handedBackCopyGoesToTheExcludedMemberWhenItIsTheOnlyOne() {
        matcher.subscribe("m1", Subscription.of("$share/g/a", 1));
        matcher.subscribe("m2", Subscription.of("$share/g/a", 1));

        assertThat(matcher.matchShared("$share/g/a", "m1", client -> client.equals("m1")))
                .map(TopicMatch::client).contains("m1");
    }

    @Test
    void handedBackCopyWithoutAnExcludedMemberGoesToTheNextMember() {
        matcher.subscribe("m1", Subscription.of("$share/g/a", 1));
        matcher.subscribe("m2", Subscription.of("$share/g/a", 1));

        assertThat(matcher.matchShared("$share/g/a", null, client -> true)).map(TopicMatch::client).contains("m1");
        assertThat(matcher.matchShared("$share/g/a", null, client -> true)).map(TopicMatch::client).contains("m2");
    }

    @Test
    void handedBackCopyToAGroupWithoutMembersMatchesNobody() {
        matcher.subscribe("m", Subscription.of("$share/g/a", 1));
        matcher.subscribe("x", Subscription.of("a", 1));

        assertThat(matcher.matchShared("$share/h/a", null, client -> true)).isEmpty();
        assertThat(matcher.matchShared("$share/g/a/b", null, client -> true)).isEmpty();
        assertThat(matcher.matchShared("$share/g/+", null, client -> true)).isEmpty();
        assertThat(matcher.matchShared("a", null, client -> true)).isEmpty();
        assertThat(matcher.matchShared("$share/g", null, client -> true)).isEmpty();
        assertThat(matcher.matchShared("$share/g/a", null, client -> false)).isEmpty();
    }

    @Test
    void handedBackCopyNamesTheGroupLiterallyNotAsATopic() {
        matcher.subscribe("plus", Subscription.of("$share/g/a/+", 1));

        assertThat(matcher.matchShared("$share/g/a/+", null, client -> true)).map(TopicMatch::client)
                .isEqualTo(Optional.of("plus"));
        assertThat(matcher.matchShared("$share/g/a/b", null, client -> true)).isEmpty();
    }

    @Test
    void malformedSharedFilterIsRefused() {
        assertThatThrownBy(() -> matcher.subscribe("c", Subscription.of("$share/g", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a shared filter");
        assertThat(matcher.isEmpty()).isTrue();
    }
}
