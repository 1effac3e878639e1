package io.tsunagu.routing.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One example per matching rule of {@link TopicMatcher}. */
class TopicMatcherTest {

    private final TopicMatcher<String> matcher = new TopicMatcher<>();

    private List<String> clientsFor(String topic) {
        return matcher.match(topic).stream().map(TopicMatch::client).sorted().toList();
    }

    @Test
    void exactFilterMatchesOnlyItsOwnTopic() {
        matcher.subscribe("c", Subscription.of("a/b", 1));

        assertThat(clientsFor("a/b")).containsExactly("c");
        assertThat(clientsFor("a/b/c")).isEmpty();
        assertThat(clientsFor("a")).isEmpty();
        assertThat(clientsFor("A/b")).isEmpty();
    }

    @Test
    void plusMatchesExactlyOneLevel() {
        matcher.subscribe("c", Subscription.of("a/+/c", 1));

        assertThat(clientsFor("a/b/c")).containsExactly("c");
        assertThat(clientsFor("a/c")).isEmpty();
        assertThat(clientsFor("a/b/x/c")).isEmpty();
    }

    @Test
    void plusMatchesAnEmptyLevel() {
        matcher.subscribe("c", Subscription.of("a/+", 1));

        assertThat(clientsFor("a/")).containsExactly("c");
    }

    @Test
    void hashMatchesEveryRemainingLevel() {
        matcher.subscribe("c", Subscription.of("a/#", 1));

        assertThat(clientsFor("a/b")).containsExactly("c");
        assertThat(clientsFor("a/b/c/d")).containsExactly("c");
        assertThat(clientsFor("b/a")).isEmpty();
    }

    @Test
    void hashAlsoMatchesItsParentLevel() {
        // [MQTT-4.7.1-2]: "sport/tennis/player1/#" matches "sport/tennis/player1".
        matcher.subscribe("c", Subscription.of("a/#", 1));

        assertThat(clientsFor("a")).containsExactly("c");
    }

    @Test
    void hashAloneMatchesEveryTopicNotStartingWithDollar() {
        matcher.subscribe("c", Subscription.of("#", 0));

        assertThat(clientsFor("a")).containsExactly("c");
        assertThat(clientsFor("/")).containsExactly("c");
        assertThat(clientsFor("a/b/c")).containsExactly("c");
    }

    @Test
    void wildcardAtFirstLevelDoesNotMatchDollarTopics() {
        // [MQTT-4.7.2-1]
        matcher.subscribe("hash", Subscription.of("#", 0));
        matcher.subscribe("plus", Subscription.of("+/info", 0));

        assertThat(clientsFor("$SYS/info")).isEmpty();
    }

    @Test
    void explicitDollarFilterMatchesDollarTopics() {
        matcher.subscribe("sys", Subscription.of("$SYS/#", 0));
        matcher.subscribe("info", Subscription.of("$SYS/+", 0));

        assertThat(clientsFor("$SYS/info")).containsExactly("info", "sys");
    }

    @Test
    void dollarInALaterLevelIsAnOrdinaryCharacter() {
        matcher.subscribe("c", Subscription.of("+/$x", 0));

        assertThat(clientsFor("a/$x")).containsExactly("c");
    }

    @Test
    void emptyLevelsAreLevels() {
        matcher.subscribe("slash", Subscription.of("/", 0));
        matcher.subscribe("plus", Subscription.of("+/+", 0));
        matcher.subscribe("leading", Subscription.of("/a", 0));

        assertThat(clientsFor("/")).containsExactly("plus", "slash");
        assertThat(clientsFor("/a")).containsExactly("leading", "plus");
    }

    @Test
    void overlappingSubscriptionsGiveOneMatchWithTheHighestQos() {
        matcher.subscribe("c", Subscription.of("a/#", 0));
        matcher.subscribe("c", Subscription.of("a/+", 2));
        matcher.subscribe("c", Subscription.of("a/b", 1));

        assertThat(matcher.match("a/b")).containsExactly(new TopicMatch<>("c", 2, false));
    }

    @Test
    void retainAsPublishedComesFromTheHighestQosSubscription() {
        matcher.subscribe("c", new Subscription("a/#", 0, false, true, 0));
        matcher.subscribe("c", new Subscription("a/b", 1, false, false, 0));

        assertThat(matcher.match("a/b")).containsExactly(new TopicMatch<>("c", 1, false));
    }

    @Test
    void retainAsPublishedIsKeptWhenAnyHighestQosSubscriptionHasIt() {
        matcher.subscribe("c", new Subscription("a/#", 1, false, false, 0));
        matcher.subscribe("c", new Subscription("a/b", 1, false, true, 0));

        assertThat(matcher.match("a/b")).containsExactly(new TopicMatch<>("c", 1, true));
    }

    @Test
    void overlappingSubscriptionsCarryEveryIdentifierOnceInOneMatch() {
        // [MQTT-3.3.4-3] [MQTT-3.3.4-5]: one PUBLISH with the identifiers of all matching subscriptions.
        matcher.subscribe("c", new Subscription("a/#", 0, false, false, 0, 7));
        matcher.subscribe("c", new Subscription("a/+", 2, false, false, 0, 3));
        matcher.subscribe("c", new Subscription("+/b", 1, false, false, 0, 7));
        matcher.subscribe("c", new Subscription("a/b", 1, false, false, 0, 0));

        assertThat(matcher.match("a/b")).containsExactly(new TopicMatch<>("c", 2, false, List.of(3, 7)));
    }

    @Test
    void subscriptionWithoutIdentifierAddsNone() {
        matcher.subscribe("c", Subscription.of("a/#", 1));
        matcher.subscribe("c", Subscription.of("a/b", 0));

        assertThat(matcher.match("a/b")).singleElement()
                .satisfies(match -> assertThat(match.subscriptionIds()).isEmpty());
    }

    @Test
    void identifiersStayWithTheirClient() {
        matcher.subscribe("c", new Subscription("a/#", 1, false, false, 0, 1));
        matcher.subscribe("d", new Subscription("a/b", 1, false, false, 0, 2));

        assertThat(matcher.match("a/b")).containsExactlyInAnyOrder(new TopicMatch<>("c", 1, false, List.of(1)),
                new TopicMatch<>("d", 1, false, List.of(2)));
    }

    @Test
    void noLocalSubscriptionContributesNoIdentifierToThePublishersOwnMessage() {
        matcher.subscribe("c", new Subscription("a/b", 1, true, false, 0, 5));
        matcher.subscribe("c", new Subscription("a/+", 0, false, false, 0, 6));

        assertThat(matcher.match("a/b", "c")).containsExactly(new TopicMatch<>("c", 0, false, List.of(6)));
    }

    @Test
    void subscribingToTheSameFilterAgainReplacesTheSubscription() {
        Subscription first = Subscription.of("a/b", 0);
        matcher.subscribe("c", first);

        Subscription replaced = matcher.subscribe("c", Subscription.of("a/b", 2));

        assertThat(replaced).isEqualTo(first);
        assertThat(matcher.subscriptionCount()).isEqualTo(1);
        assertThat(matcher.match("a/b")).containsExactly(new TopicMatch<>("c", 2, false));
    }

    @Test
    void unsubscribeRemovesOnlyThatFilterOfThatClient() {
        matcher.subscribe("c", Subscription.of("a/b", 0));
        matcher.subscribe("c", Subscription.of("a/+", 0));
        matcher.subscribe("d", Subscription.of("a/b", 0));

        assertThat(matcher.unsubscribe("c", "a/b")).isTrue();

        assertThat(clientsFor("a/b")).containsExactly("c", "d");
        assertThat(matcher.match("a/b")).hasSize(2);
        assertThat(matcher.unsubscribe("c", "a/+")).isTrue();
        assertThat(clientsFor("a/b")).containsExactly("d");
    }

    @Test
    void unsubscribingAFilterTheClientDoesNotHaveChangesNothing() {
        matcher.subscribe("c", Subscription.of("a/b", 0));

        assertThat(matcher.unsubscribe("c", "a/b/c")).isFalse();
        assertThat(matcher.unsubscribe("c", "a")).isFalse();
        assertThat(matcher.unsubscribe("d", "a/b")).isFalse();
        assertThat(matcher.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void removingEverySubscriptionLeavesAnEmptyMatcher() {
        matcher.subscribe("c", Subscription.of("a/b/c", 0));
        matcher.subscribe("c", Subscription.of("a/#", 0));

        matcher.unsubscribe("c", "a/b/c");
        matcher.unsubscribe("c", "a/#");

        assertThat(matcher.isEmpty()).isTrue();
        assertThat(matcher.match("a/b/c")).isEmpty();
    }

    @Test
    void prunedBranchCanBeSubscribedAgain() {
        matcher.subscribe("c", Subscription.of("a/b/c", 0));
        matcher.unsubscribe("c", "a/b/c");

        matcher.subscribe("d", Subscription.of("a/b/c", 1));

        assertThat(clientsFor("a/b/c")).containsExactly("d");
    }

    @Test
    void noLocalSubscriptionDoesNotMatchThePublishersOwnMessages() {
        // [MQTT-3.8.3-3]
        matcher.subscribe("c", new Subscription("a/b", 1, true, false, 0));
        matcher.subscribe("d", new Subscription("a/b", 1, true, false, 0));

        assertThat(matcher.match("a/b", "c")).containsExactly(new TopicMatch<>("d", 1, false));
    }

    @Test
    void publisherStillGetsItsMessageThroughASubscriptionWithoutNoLocal() {
        matcher.subscribe("c", new Subscription("a/b", 2, true, false, 0));
        matcher.subscribe("c", new Subscription("a/+", 0, false, false, 0));

        assertThat(matcher.match("a/b", "c")).containsExactly(new TopicMatch<>("c", 0, false));
    }

    @Test
    void manySubscribersOfOneFilterAllMatchAcrossTheSharedMapThreshold() {
        int clients = CopyOnWriteMaps.SHARED_THRESHOLD * 3;
        for (int i = 0; i < clients; i++) {
            matcher.subscribe("c" + i, Subscription.of("a/#", 1));
        }
        assertThat(matcher.match("a/b")).hasSize(clients);

        for (int i = 0; i < clients - 1; i++) {
            matcher.unsubscribe("c" + i, "a/#");
        }

        assertThat(clientsFor("a/b")).containsExactly("c" + (clients - 1));
        assertThat(matcher.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void manyChildLevelsAllMatchAcrossTheSharedMapThreshold() {
        int levels = CopyOnWriteMaps.SHARED_THRESHOLD * 3;
        for (int i = 0; i < levels; i++) {
            matcher.subscribe("c", Subscription.of("a/" + i, 1));
        }

        assertThat(clientsFor("a/7")).containsExactly("c");
        assertThat(clientsFor("a/" + (levels - 1))).containsExactly("c");
        assertThat(matcher.subscriptionCount()).isEqualTo(levels);
    }
}
