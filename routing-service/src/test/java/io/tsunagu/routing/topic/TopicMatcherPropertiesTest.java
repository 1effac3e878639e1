package io.tsunagu.routing.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.topic.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The trie agrees with a naive reference built on {@link TopicFilter#matches}: for every generated set of
 * subscriptions and every generated topic, the same clients match, each with the same QoS and retain-as-published.
 * Levels come from a small alphabet (including empty levels and '$') so that filters and topics collide often.
 */
class TopicMatcherPropertiesTest {

    private static final List<String> CLIENTS = List.of("c0", "c1", "c2", "c3");
    private static final List<String> TOPIC_LEVELS = List.of("a", "b", "$s", "");
    private static final List<String> TOPICS = allTopics();

    /** One subscription of one client. */
    record Entry(String client, Subscription subscription) {
    }

    @Property(tries = 500)
    void matchAgreesWithTheReference(@ForAll("entries") List<Entry> entries, @ForAll("topics") String topic,
            @ForAll("clients") String publisher) {
        TopicMatcher<String> matcher = new TopicMatcher<>();
        Map<List<String>, Entry> current = new LinkedHashMap<>();
        for (Entry entry : entries) {
            matcher.subscribe(entry.client(), entry.subscription());
            current.put(List.of(entry.client(), entry.subscription().filter()), entry);
        }

        assertThat(matcher.match(topic, publisher))
                .containsExactlyInAnyOrderElementsOf(reference(current.values(), topic, publisher));
        assertThat(matcher.subscriptionCount()).isEqualTo(current.size());
    }

    @Property(tries = 500)
    void matchAgreesWithTheReferenceAfterUnsubscribes(@ForAll("entries") List<Entry> entries,
            @ForAll List<@IntRange(max = 30) Integer> removals, @ForAll("topics") String topic) {
        TopicMatcher<String> matcher = new TopicMatcher<>();
        Map<List<String>, Entry> current = new LinkedHashMap<>();
        for (Entry entry : entries) {
            matcher.subscribe(entry.client(), entry.subscription());
            current.put(List.of(entry.client(), entry.subscription().filter()), entry);
        }
        for (int index : removals) {
            if (entries.isEmpty()) {
                break;
            }
            // Removes subscriptions that exist, and (the same one twice, or one replaced) some that do not.
            Entry removal = entries.get(index % entries.size());
            boolean removed = matcher.unsubscribe(removal.client(), removal.subscription().filter());
            boolean held = current.remove(List.of(removal.client(), removal.subscription().filter())) != null;
            assertThat(removed).isEqualTo(held);
        }

        assertThat(matcher.match(topic)).containsExactlyInAnyOrderElementsOf(reference(current.values(), topic, null));
        assertThat(matcher.isEmpty()).isEqualTo(current.isEmpty());
    }

    /** Each client once, with the highest QoS of its matching subscriptions, by brute force. */
    private static List<TopicMatch<String>> reference(Iterable<Entry> entries, String topic, String publisher) {
        Map<String, TopicMatch<String>> byClient = new HashMap<>();
        for (Entry entry : entries) {
            Subscription subscription = entry.subscription();
            boolean ownMessage = subscription.noLocal() && entry.client().equals(publisher);
            if (ownMessage || !TopicFilter.matches(subscription.filter(), topic)) {
                continue;
            }
            byClient.merge(entry.client(),
                    new TopicMatch<>(entry.client(), subscription.qos(), subscription.retainAsPublished()),
                    TopicMatcherPropertiesTest::higher);
        }
        return List.copyOf(byClient.values());
    }

    private static TopicMatch<String> higher(TopicMatch<String> a, TopicMatch<String> b) {
        if (a.qos() != b.qos()) {
            return a.qos() > b.qos() ? a : b;
        }
        return new TopicMatch<>(a.client(), a.qos(), a.retainAsPublished() || b.retainAsPublished());
    }

    @Provide
    Arbitrary<String> clients() {
        return Arbitraries.of(CLIENTS);
    }

    /** Every topic of one to four levels over the alphabet (340 of them), enumerated once. */
    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(TOPICS);
    }

    private static List<String> allTopics() {
        List<String> topics = new ArrayList<>();
        List<String> shorter = List.of("");
        for (int depth = 1; depth <= 4; depth++) {
            List<String> current = new ArrayList<>();
            for (String prefix : shorter) {
                for (String level : TOPIC_LEVELS) {
                    current.add(depth == 1 ? level : prefix + "/" + level);
                }
            }
            topics.addAll(current);
            shorter = current;
        }
        topics.remove("");
        return List.copyOf(topics);
    }

    @Provide
    Arbitrary<List<Entry>> entries() {
        return entry().list().ofMaxSize(12);
    }

    private Arbitrary<Entry> entry() {
        Arbitrary<Subscription> subscription = Combinators.combine(filters(), Arbitraries.integers().between(0, 2),
                Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((filter, qos, noLocal, retainAsPublished) ->
                        new Subscription(filter, qos, noLocal, retainAsPublished, 0));
        return Combinators.combine(clients(), subscription).as(Entry::new);
    }

    private Arbitrary<String> filters() {
        Arbitrary<List<String>> body = Arbitraries.of("a", "b", "$s", "", "+").list().ofMinSize(0).ofMaxSize(4);
        return Combinators.combine(body, Arbitraries.of(true, false))
                .as(TopicMatcherPropertiesTest::withOptionalHash)
                .filter(levels -> !levels.isEmpty())
                .map(levels -> String.join("/", levels))
                .filter(filter -> !filter.isEmpty());
    }

    private static List<String> withOptionalHash(List<String> body, boolean hash) {
        if (!hash) {
            return body;
        }
        List<String> levels = new ArrayList<>(body);
        levels.add(TopicFilter.MULTI_LEVEL);
        return levels;
    }
}
