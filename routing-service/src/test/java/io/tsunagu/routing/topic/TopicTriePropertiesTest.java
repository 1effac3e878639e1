package io.tsunagu.routing.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import io.tsunagu.contracts.topic.TopicFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trie's filter walk agrees with {@link TopicFilter#matches}: after any generated sequence of puts and removes,
 * a generated filter finds exactly the stored topics that the reference says it matches, with their latest values.
 * Levels come from a small alphabet (including empty levels and '$') so that filters and topics collide often.
 */
class TopicTriePropertiesTest {

    private static final List<String> LEVELS = List.of("a", "b", "$s", "");

    /** Put (value non-null) or remove (value null) of one topic. */
    record Change(String topic, String value) {
    }

    /** Changes applied in order, then one filter looked up. */
    record Sample(List<Change> changes, String filter) {
    }

    @Test
    void filterWalkAgreesWithTheReference() {
        Gen<List<Change>> changes = change().list(0, 40);
        Gen<String> filters = filters();
        ForAll.check(1000, random -> new Sample(changes.next(random), filters.next(random)),
                TopicTriePropertiesTest::filterWalkAgreesWithTheReference);
    }

    private static void filterWalkAgreesWithTheReference(Sample sample) {
        TopicTrie<String> trie = new TopicTrie<>();
        Map<String, String> reference = new LinkedHashMap<>();
        for (Change change : sample.changes()) {
            if (change.value() == null) {
                assertThat(trie.remove(change.topic())).isEqualTo(reference.remove(change.topic()));
            } else {
                assertThat(trie.put(change.topic(), change.value()))
                        .isEqualTo(reference.put(change.topic(), change.value()));
            }
        }

        List<String> expected = reference.entrySet().stream()
                .filter(entry -> TopicFilter.matches(sample.filter(), entry.getKey()))
                .map(Map.Entry::getValue)
                .toList();
        assertThat(trie.match(sample.filter())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(trie.size()).isEqualTo(reference.size());
        assertThat(trie.isEmpty()).isEqualTo(reference.isEmpty());
    }

    private static Gen<Change> change() {
        Gen<String> topics = topics();
        Gen<Integer> values = Gen.ints(0, 9);
        Gen<Boolean> removes = Gen.ints(0, 3).map(draw -> draw == 0);
        return random -> {
            String topic = topics.next(random);
            return removes.next(random) ? new Change(topic, null)
                    : new Change(topic, topic + "=" + values.next(random));
        };
    }

    /** Topics of one to four levels over the alphabet. */
    private static Gen<String> topics() {
        return Gen.elementsOf(LEVELS).list(1, 4)
                .map(levels -> String.join("/", levels))
                .filter(topic -> !topic.isEmpty());
    }

    /** Filters of one to four levels over the alphabet and '+', optionally ending in '#'. */
    private static Gen<String> filters() {
        Gen<List<String>> body = Gen.elements("a", "b", "$s", "", "+").list(0, 4);
        return body.with(Gen.booleans(), TopicTriePropertiesTest::withOptionalHash)
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
