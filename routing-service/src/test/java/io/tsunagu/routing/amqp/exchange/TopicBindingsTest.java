package io.tsunagu.routing.amqp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The topic exchange's trie against RabbitMQ's own test vectors (rabbit_tests.erl {@code test_topic_matching}: the
 * 26 bindings t1..t26 and the queues each routing key must reach, before and after removing t1, t5, t11, t19 and
 * t21) and the edge cases of empty words and empty keys as RabbitMQ's {@code split_topic_key} makes them.
 */
class TopicBindingsTest {

    /** RabbitMQ's bindings, the queue name being the binding's tag. */
    private static final String[][] RABBIT_BINDINGS = {
        {"a.b.c", "t1"}, {"a.*.c", "t2"}, {"a.#.b", "t3"}, {"a.b.b.c", "t4"}, {"#", "t5"}, {"#.#", "t6"},
        {"#.b", "t7"}, {"*.*", "t8"}, {"a.*", "t9"}, {"*.b.c", "t10"}, {"a.#", "t11"}, {"a.#.#", "t12"},
        {"b.b.c", "t13"}, {"a.b.b", "t14"}, {"a.b", "t15"}, {"b.c", "t16"}, {"", "t17"}, {"*.*.*", "t18"},
        {"vodka.martini", "t19"}, {"a.b.c", "t20"}, {"*.#", "t21"}, {"#.*.#", "t22"}, {"*.#.#", "t23"},
        {"#.#.#", "t24"}, {"*", "t25"}, {"#.b.#", "t26"}};

    private static final Set<String> REMOVED = Set.of("t1", "t5", "t11", "t19", "t21");

    static Stream<Arguments> rabbitMatches() {
        return Stream.of(
                Arguments.of("a.b.c", "t1 t2 t5 t6 t10 t11 t12 t18 t20 t21 t22 t23 t24 t26"),
                Arguments.of("a.b", "t3 t5 t6 t7 t8 t9 t11 t12 t15 t21 t22 t23 t24 t26"),
                Arguments.of("a.b.b", "t3 t5 t6 t7 t11 t12 t14 t18 t21 t22 t23 t24 t26"),
                Arguments.of("", "t5 t6 t17 t24"),
                Arguments.of("b.c.c", "t5 t6 t18 t21 t22 t23 t24 t26"),
                Arguments.of("a.a.a.a.a", "t5 t6 t11 t12 t21 t22 t23 t24"),
                Arguments.of("vodka.gin", "t5 t6 t8 t21 t22 t23 t24"),
                Arguments.of("vodka.martini", "t5 t6 t8 t19 t21 t22 t23 t24"),
                Arguments.of("b.b.c", "t5 t6 t10 t13 t18 t21 t22 t23 t24 t26"),
                Arguments.of("nothing.here.at.all", "t5 t6 t21 t22 t23 t24"),
                Arguments.of("oneword", "t5 t6 t21 t22 t23 t24 t25"));
    }

    static Stream<Arguments> rabbitMatchesAfterRemovals() {
        return Stream.of(
                Arguments.of("a.b.c", "t2 t6 t10 t12 t18 t20 t22 t23 t24 t26"),
                Arguments.of("a.b", "t3 t6 t7 t8 t9 t12 t15 t22 t23 t24 t26"),
                Arguments.of("a.b.b", "t3 t6 t7 t12 t14 t18 t22 t23 t24 t26"),
                Arguments.of("", "t6 t17 t24"),
                Arguments.of("b.c.c", "t6 t18 t22 t23 t24 t26"),
                Arguments.of("a.a.a.a.a", "t6 t12 t22 t23 t24"),
                Arguments.of("vodka.gin", "t6 t8 t22 t23 t24"),
                Arguments.of("vodka.martini", "t6 t8 t22 t23 t24"),
                Arguments.of("b.b.c", "t6 t10 t13 t18 t22 t23 t24 t26"),
                Arguments.of("nothing.here.at.all", "t6 t22 t23 t24"),
                Arguments.of("oneword", "t6 t22 t23 t24 t25"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rabbitMatches")
    void routingKeyReachesTheQueuesRabbitMqReaches(String routingKey, String expected) {
        assertThat(match(rabbitBindings(false), routingKey)).isEqualTo(names(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rabbitMatchesAfterRemovals")
    void withoutSomeBindingsRoutingKeyReachesTheQueuesRabbitMqReaches(String routingKey, String expected) {
        assertThat(match(rabbitBindings(true), routingKey)).isEqualTo(names(expected));
    }

    @Test
    void emptyKeyHasNoWordSoOneWordWildcardDoesNotTakeIt() {
        assertThat(match(bindings("*", "", "#.#", "#"), "")).containsExactlyInAnyOrder("", "#.#", "#");
    }

    @Test
    void keyOfOnlyADotIsTwoEmptyWords() {
        assertThat(match(bindings("*", "*.*", ".", "#", "*.*.*", ""), "."))
                .containsExactlyInAnyOrder("*.*", ".", "#");
    }

    @Test
    void emptyWordsInTheMiddleAreLiteralWords() {
        assertThat(match(bindings("a..b", "a.*.b", "a.b", "a.#.b"), "a..b"))
                .containsExactlyInAnyOrder("a..b", "a.*.b", "a.#.b");
        assertThat(match(bindings("a..b", "a.*.b", "a.b", "a.#.b"), "a.b"))
                .containsExactlyInAnyOrder("a.b", "a.#.b");
    }

    @Test
    void trailingDotMakesATrailingEmptyWord() {
        assertThat(match(bindings("a", "a.", "a.*", "a.#"), "a."))
                .containsExactlyInAnyOrder("a.", "a.*", "a.#");
    }

    @Test
    void hashMatchesZeroWordsInTheMiddleAndAtTheEnds() {
        assertThat(match(bindings("a.#.b", "#.a.b", "a.b.#"), "a.b"))
                .containsExactlyInAnyOrder("a.#.b", "#.a.b", "a.b.#");
    }

    @Test
    void wildcardsInTheRoutingKeyAreLiteralWords() {
        assertThat(match(bindings("a.*", "a.b", "a.#"), "a.*")).containsExactlyInAnyOrder("a.*", "a.#");
        assertThat(match(bindings("a.#", "a.b"), "a.#")).containsExactly("a.#");
    }

    @Test
    void wordsAreCaseSensitiveAndPartialWordsDoNotMatch() {
        assertThat(match(bindings("a.B", "a.b*", "a.*"), "a.b")).containsExactly("a.*");
    }

    @Test
    void destinationReachedByTwoBindingsIsReportedOnce() {
        List<BindingDefinition> bindings = List.of(Bindings.toQueue("x", "q", "a.*"),
                Bindings.toQueue("x", "q", "#"), Bindings.toQueue("x", "q", "a.b"));
        List<Destination> found = new ArrayList<>();

        new TopicBindings(bindings).match(RoutedMessage.withoutHeaders("a.b"), found);

        assertThat(found).containsExactly(Destination.queue("q"));
    }

    @Test
    void manyHashesStayCheap() {
        String binding = String.join(".", Collections.nCopies(30, "#")) + ".z";
        String key = String.join(".", Collections.nCopies(200, "a"));

        assertThat(match(bindings(binding), key)).isEmpty();
        assertThat(match(bindings(binding), key + ".z")).containsExactly(binding);
    }

    @Test
    void splitKeepsEmptyWordsButTheEmptyKeyHasNone() {
        assertThat(TopicWords.split("")).isEmpty();
        assertThat(TopicWords.split(".")).containsExactly("", "");
        assertThat(TopicWords.split("a..b.")).containsExactly("a", "", "b", "");
        assertThat(TopicWords.split("#")).containsExactly("#");
    }

    /** Bindings whose queue is named after the binding key. */
    private static List<BindingDefinition> bindings(String... keys) {
        return Stream.of(keys).map(key -> Bindings.toQueue("x", key, key)).toList();
    }

    private static List<BindingDefinition> rabbitBindings(boolean withoutRemoved) {
        List<BindingDefinition> bindings = new ArrayList<>();
        for (String[] binding : RABBIT_BINDINGS) {
            if (!withoutRemoved || !REMOVED.contains(binding[1])) {
                bindings.add(Bindings.toQueue("x", binding[1], binding[0]));
            }
        }
        return bindings;
    }

    static Set<String> match(List<BindingDefinition> bindings, String routingKey) {
        List<Destination> found = new ArrayList<>();
        new TopicBindings(bindings).match(RoutedMessage.withoutHeaders(routingKey), found);
        return found.stream().map(Destination::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> names(String spaceSeparated) {
        return new TreeSet<>(List.of(spaceSeparated.split(" ")));
    }
}
