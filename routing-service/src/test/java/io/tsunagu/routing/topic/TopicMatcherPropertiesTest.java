package io.tsunagu.routing.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import io.tsunagu.contracts.topic.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The trie agrees with a naive reference built on {@link TopicFilter#matches}: for every generated set of
 * subscriptions and every generated topic, the same clients match, each with the same QoS, retain-as-published and
 * Subscription Identifiers (every non-zero one of its matching subscriptions, once, ascending).
 * Levels come from a small alphabet (including empty levels and '$') so that filters and topics collide often.
 */
class TopicMatcherPropertiesTest {

    private static final List<String> CLIENTS = List.of("c0", "c1", "c2", "c3");
    private static final List<String> TOPIC_LEVELS = List.of("a", "b", "$s", "");
    private static final List<String> TOPICS = allTopics();

    /** One subscription of one client. */
    record Entry(String client, Subscription subscription) {
    }

    /** Subscriptions, a topic published to, and its publisher. */
    record Publication(List<Entry> entries, String topic, String publisher) {
    }

    /** Subscriptions, indexes into them of subscriptions to remove, and a topic published to. */
    record Unsubscribes(List<Entry> entries, List<Integer> removals, String topic) {
    }

    @Test
    void matchAgreesWithTheReference() {
        Gen<List<Entry>> entries = entries();
        Gen<String> topics = topics();
        Gen<String> clients = clients();
        Gen<Publication> publications = random -> new Publication(entries.next(random), topics.next(random),
                clients.next(random));
        ForAll.check(500, publications, TopicMatcherPropertiesTest::matchAgreesWithTheReference);
    }

    private static void matchAgreesWithTheReference(Publication publication) {
        String topic = publication.topic();
        String publisher = publication.publisher();
        TopicMatcher<String> matcher = new TopicMatcher<>();
        Map<List<String>, Entry> current = new LinkedHashMap<>();
        for (Entry entry : publication.entries()) {
            matcher.subscribe(entry.client(), entry.subscription());
            current.put(List.of(entry.client(), entry.subscription().filter()), entry);
        }

        assertThat(matcher.match(topic, publisher))
                .containsExactlyInAnyOrderElementsOf(reference(current.values(), topic, publisher));
        assertThat(matcher.subscriptionCount()).isEqualTo(current.size());
    }

    @Test
    void matchAgreesWithTheReferenceAfterUnsubscribes() {
        Gen<List<Entry>> entries = entries();
        Gen<List<Integer>> removals = Gen.ints(0, 30).list(0, 255);
        Gen<String> topics = topics();
        Gen<Unsubscribes> samples = random -> new Unsubscribes(entries.next(random), removals.next(random),
                topics.next(random));
        ForAll.check(500, samples, TopicMatcherPropertiesTest::matchAgreesWithTheReferenceAfterUnsubscribes);
    }

    private static void matchAgreesWithTheReferenceAfterUnsubscribes(Unsubscribes sample) {
        List<Entry> entries = sample.entries();
        String topic = sample.topic();
        TopicMatcher<String> matcher = new TopicMatcher<>();
        Map<List<String>, Entry> current = new LinkedHashMap<>();
        for (Entry entry : entries) {
            matcher.subscribe(entry.client(), entry.subscription());
            current.put(List.of(entry.client(), entry.subscription().filter()), entry);
        }
        for (int index : sample.removals()) {
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
            List<Integer> ids = subscription.subscriptionId() == 0 ? List.of() : List.of(subscription.subscriptionId());
            byClient.merge(entry.client(),
                    new TopicMatch<>(entry.client(), subscription.qos(), subscription.retainAsPublished(), ids),
                    TopicMatcherPropertiesTest::higher);
        }
        return List.copyOf(byClient.values());
    }

    private static TopicMatch<String> higher(TopicMatch<String> a, TopicMatch<String> b) {
        TreeSet<Integer> union = new TreeSet<>(a.subscriptionIds());
        union.addAll(b.subscriptionIds());
        List<Integer> ids = List.copyOf(union);
        if (a.qos() != b.qos()) {
            TopicMatch<String> higher = a.qos() > b.qos() ? a : b;
            return new TopicMatch<>(higher.client(), higher.qos(), higher.retainAsPublished(), ids);
        }
        return new TopicMatch<>(a.client(), a.qos(), a.retainAsPublished() || b.retainAsPublished(), ids);
    }

    private static Gen<String> clients() {
        return Gen.elementsOf(CLIENTS);
    }

    /** Every topic of one to four levels over the alphabet (340 of them), enumerated once. */
    private static Gen<String> topics() {
        return Gen.elementsOf(TOPICS);
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

    private static Gen<List<Entry>> entries() {
        return entry().list(0, 12);
    }

    private static Gen<Entry> entry() {
        Gen<String> filters = filters();
        Gen<Integer> qos = Gen.ints(0, 2);
        Gen<Boolean> booleans = Gen.booleans();
        // Few identifiers, 0 (none) among them, so that overlapping subscriptions share some.
        Gen<Integer> ids = Gen.ints(0, 3);
        Gen<Subscription> subscription = random -> new Subscription(filters.next(random), qos.next(random),
                booleans.next(random), booleans.next(random), 0, ids.next(random));
        return clients().with(subscription, Entry::new);
    }

    private static Gen<String> filters() {
        Gen<List<String>> body = Gen.elements("a", "b", "$s", "", "+").list(0, 4);
        return body.with(Gen.booleans(), TopicMatcherPropertiesTest::withOptionalHash)
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
