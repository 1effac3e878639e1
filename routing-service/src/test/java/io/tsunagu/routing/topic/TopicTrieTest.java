package io.tsunagu.routing.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One example per filter rule of {@link TopicTrie}, and the writer's bookkeeping. */
class TopicTrieTest {

    private final TopicTrie<String> trie = new TopicTrie<>();

    private void putAll(String... topics) {
        for (String topic : topics) {
            trie.put(topic, topic);
        }
    }

    @Test
    void exactFilterFindsOnlyItsOwnTopic() {
        putAll("a/b", "a/b/c", "a", "A/b");

        assertThat(trie.match("a/b")).containsExactly("a/b");
        assertThat(trie.match("a/x")).isEmpty();
    }

    @Test
    void plusFindsExactlyOneLevelIncludingAnEmptyOne() {
        putAll("a/b/c", "a//c", "a/c", "a/b/x/c");

        assertThat(trie.match("a/+/c")).containsExactlyInAnyOrder("a/b/c", "a//c");
    }

    @Test
    void hashFindsTheWholeSubtreeAndItsParentLevel() {
        // [MQTT-4.7.1-2]: "a/#" also matches "a".
        putAll("a", "a/b", "a/b/c", "a/", "b/a");

        assertThat(trie.match("a/#")).containsExactlyInAnyOrder("a", "a/b", "a/b/c", "a/");
    }

    @Test
    void hashAloneFindsEveryTopicNotStartingWithDollar() {
        putAll("a", "/", "a/b/c", "$SYS/x", "$own");

        assertThat(trie.match("#")).containsExactlyInAnyOrder("a", "/", "a/b/c");
    }

    @Test
    void wildcardAtFirstLevelFindsNoDollarTopic() {
        // [MQTT-4.7.2-1]
        putAll("$SYS/info", "x/info", "$SYS/a/$b");

        assertThat(trie.match("+/info")).containsExactly("x/info");
        assertThat(trie.match("#")).containsExactly("x/info");
    }

    @Test
    void explicitDollarFilterFindsDollarTopics() {
        putAll("$SYS/broker/uptime", "$SYS/broker/clients/connected", "$SYS", "$SYSTEM/x");

        assertThat(trie.match("$SYS/#")).containsExactlyInAnyOrder("$SYS/broker/uptime",
                "$SYS/broker/clients/connected", "$SYS");
        assertThat(trie.match("$SYS/broker/+")).containsExactly("$SYS/broker/uptime");
    }

    @Test
    void dollarBelowTheFirstLevelIsAnOrdinaryLevel() {
        putAll("a/$b", "a/$b/c");

        assertThat(trie.match("a/+")).containsExactly("a/$b");
        assertThat(trie.match("+/#")).containsExactlyInAnyOrder("a/$b", "a/$b/c");
    }

    @Test
    void putReplacesTheTopicsValue() {
        assertThat(trie.put("a/b", "first")).isNull();

        assertThat(trie.put("a/b", "second")).isEqualTo("first");

        assertThat(trie.match("a/b")).containsExactly("second");
        assertThat(trie.size()).isEqualTo(1);
    }

    @Test
    void removeTakesOnlyThatTopicAndKeepsItsNeighbours() {
        putAll("a", "a/b", "a/b/c");

        assertThat(trie.remove("a/b")).isEqualTo("a/b");

        assertThat(trie.match("a/#")).containsExactlyInAnyOrder("a", "a/b/c");
        assertThat(trie.size()).isEqualTo(2);
    }

    @Test
    void removingATopicWithoutValueChangesNothing() {
        putAll("a/b/c");

        assertThat(trie.remove("a/b")).isNull();
        assertThat(trie.remove("x")).isNull();
        assertThat(trie.remove("a/b/c/d")).isNull();

        assertThat(trie.size()).isEqualTo(1);
        assertThat(trie.match("#")).containsExactly("a/b/c");
    }

    @Test
    void removingEveryTopicLeavesAnEmptyTrieThatCanBeFilledAgain() {
        putAll("a/b/c", "a");
        trie.remove("a/b/c");
        trie.remove("a");

        assertThat(trie.isEmpty()).isTrue();
        assertThat(trie.match("#")).isEmpty();

        trie.put("a/b/c", "again");
        assertThat(trie.match("a/+/c")).containsExactly("again");
    }

    @Test
    void manyTopicsOfOneLevelAreAllFoundAcrossTheSharedMapThreshold() {
        int topics = CopyOnWriteMaps.SHARED_THRESHOLD * 3;
        for (int i = 0; i < topics; i++) {
            trie.put("d/" + i + "/state", Integer.toString(i));
        }

        assertThat(trie.match("d/+/state")).hasSize(topics);
        assertThat(trie.match("d/7/state")).containsExactly("7");
        for (int i = 1; i < topics; i++) {
            trie.remove("d/" + i + "/state");
        }
        assertThat(trie.match("d/#")).containsExactly("0");
    }
}
