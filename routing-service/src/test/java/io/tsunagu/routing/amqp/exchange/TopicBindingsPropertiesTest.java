package io.tsunagu.routing.amqp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The trie agrees with a naive reference: RabbitMQ's word-list matcher (its {@code match_words}: a {@code *} takes
 * one word, a {@code #} any number, other words themselves) on keys split as {@code split_topic_key} splits them.
 * Words come from a small alphabet with the empty word and the wildcards, so that bindings and keys collide often.
 */
class TopicBindingsPropertiesTest {

    private static final Gen<String> WORDS = Gen.elements("a", "b", "", "*", "#");
    private static final Gen<String> KEYS = WORDS.list(0, 5).map(words -> String.join(".", words));

    /** Binding keys and a routing key. */
    record Sample(List<String> bindingKeys, String routingKey) {
    }

    @Test
    void trieAgreesWithTheWordListReference() {
        Gen<Sample> samples = KEYS.list(0, 12).with(KEYS, Sample::new);
        ForAll.check(3000, samples, TopicBindingsPropertiesTest::agrees);
    }

    private static void agrees(Sample sample) {
        List<BindingDefinition> bindings = sample.bindingKeys().stream()
                .map(key -> Bindings.toQueue("x", "q:" + key, key))
                .toList();
        Set<String> expected = new TreeSet<>();
        for (String key : sample.bindingKeys()) {
            if (matches(TopicWords.split(sample.routingKey()), TopicWords.split(key))) {
                expected.add("q:" + key);
            }
        }

        assertThat(TopicBindingsTest.match(bindings, sample.routingKey()))
                .as("bindings %s, key '%s'", sample.bindingKeys(), sample.routingKey())
                .isEqualTo(expected);
    }

    private static boolean matches(List<String> key, List<String> pattern) {
        if (pattern.isEmpty()) {
            return key.isEmpty();
        }
        String first = pattern.get(0);
        List<String> rest = pattern.subList(1, pattern.size());
        if (first.equals("#")) {
            for (int skipped = 0; skipped <= key.size(); skipped++) {
                if (matches(key.subList(skipped, key.size()), rest)) {
                    return true;
                }
            }
            return false;
        }
        return !key.isEmpty() && (first.equals("*") || first.equals(key.get(0)))
                && matches(key.subList(1, key.size()), rest);
    }
}
