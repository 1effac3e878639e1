package io.tsunagu.routing.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rotation of a shared subscription group (MQTT 5 §4.8.2): round-robin over the members that are left. */
class SharedGroupTest {

    private static final Subscription SHARED = Subscription.of("$share/g/a", 1);

    private final SharedGroup<String> group = new SharedGroup<>();

    private void join(String... clients) {
        for (String client : clients) {
            group.put(client, SHARED);
        }
    }

    /** The clients of the next {@code turns} turns, every member eligible. */
    private List<String> turns(int turns) {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            chosen.add(group.next(client -> true).orElseThrow().client());
        }
        return chosen;
    }

    @Test
    void membersTakeTurnsInTheOrderTheyJoined() {
        join("a", "b", "c");

        assertThat(turns(7)).containsExactly("a", "b", "c", "a", "b", "c", "a");
    }

    @Test
    void singleMemberGetsEveryTurn() {
        join("a");

        assertThat(turns(3)).containsExactly("a", "a", "a");
    }

    @Test
    void emptyGroupChoosesNobody() {
        assertThat(group.next(client -> true)).isEmpty();
        assertThat(group.isEmpty()).isTrue();
    }

    @Test
    void memberThatSubscribesAgainKeepsItsPlaceWithItsNewOptions() {
        join("a", "b", "c");
        Subscription changed = new Subscription("$share/g/a", 2, false, false, 0, 9);

        assertThat(group.put("a", changed)).isEqualTo(SHARED);

        assertThat(group.members()).extracting(SharedGroup.Member::client).containsExactly("a", "b", "c");
        assertThat(group.next(client -> true)).contains(new SharedGroup.Member<>("a", changed));
    }

    @Test
    void newMemberReturnsNoPreviousSubscription() {
        assertThat(group.put("a", SHARED)).isNull();
        assertThat(group.size()).isOne();
    }

    @Test
    void memberLeavingDropsOutAndTheRotationContinuesWithTheMemberAfterIt() {
        join("a", "b", "c");
        assertThat(turns(1)).containsExactly("a");

        assertThat(group.remove("b")).isTrue();

        assertThat(turns(4)).containsExactly("c", "a", "c", "a");
    }

    @Test
    void memberLeavingAfterItsTurnDoesNotShiftTheNextTurn() {
        join("a", "b", "c");
        assertThat(turns(2)).containsExactly("a", "b");

        group.remove("a");

        assertThat(turns(3)).containsExactly("c", "b", "c");
    }

    @Test
    void lastMemberOfTheRotationLeavingWrapsTheTurnToTheFirst() {
        join("a", "b", "c");
        assertThat(turns(2)).containsExactly("a", "b");

        group.remove("c");

        assertThat(turns(3)).containsExactly("a", "b", "a");
    }

    @Test
    void removingAClientThatIsNoMemberChangesNothing() {
        join("a", "b");
        assertThat(turns(1)).containsExactly("a");

        assertThat(group.remove("x")).isFalse();

        assertThat(turns(2)).containsExactly("b", "a");
    }

    @Test
    void memberLeavingAndJoiningAgainGoesToTheEnd() {
        join("a", "b", "c");
        group.remove("a");
        join("a");

        assertThat(turns(3)).containsExactly("b", "c", "a");
    }

    @Test
    void ineligibleMemberIsPassedOverAndTheRotationMovesPastTheChosenOne() {
        join("a", "b", "c");

        assertThat(group.next(client -> !client.equals("a")).orElseThrow().client()).isEqualTo("b");

        assertThat(turns(3)).containsExactly("c", "a", "b");
    }

    @Test
    void noEligibleMemberLeavesTheRotationWhereItWas() {
        join("a", "b");
        assertThat(turns(1)).containsExactly("a");

        assertThat(group.next(client -> false)).isEmpty();

        assertThat(turns(2)).containsExactly("b", "a");
    }

    @Test
    void concurrentReadersNeverShareATurn() throws InterruptedException, ExecutionException {
        join("a", "b", "c");
        int threads = 4;
        int turnsEach = 3_000;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(executor.submit(() -> turns(turnsEach)));
            }
            List<String> chosen = new ArrayList<>();
            for (Future<List<String>> result : results) {
                chosen.addAll(result.get());
            }

            Map<String, Long> counts = chosen.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            long each = (long) threads * turnsEach / 3;
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("a", each, "b", each, "c", each));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void membersListsEveryMemberWithItsSubscription() {
        IntStream.range(0, 3).forEach(i -> group.put("c" + i, Subscription.of("$share/g/a", i)));

        assertThat(group.members()).containsExactly(
                new SharedGroup.Member<>("c0", Subscription.of("$share/g/a", 0)),
                new SharedGroup.Member<>("c1", Subscription.of("$share/g/a", 1)),
                new SharedGroup.Member<>("c2", Subscription.of("$share/g/a", 2)));
    }
}
