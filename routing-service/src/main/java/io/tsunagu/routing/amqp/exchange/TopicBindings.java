package io.tsunagu.routing.amqp.exchange;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A topic exchange's bindings (§3.1.3.3) as a trie over the words of the binding keys, matched as RabbitMQ's
 * {@code rabbit_exchange_type_topic} does: at each node a routing-key word follows the edge of the same word and the
 * {@code *} edge (one word), and the {@code #} edge takes any number of words, zero included; when the words run
 * out, the node's bindings match and so does a {@code #} below it (so {@code a.#} takes {@code a}, and {@code #.#}
 * takes the empty key). A routing key that itself contains {@code *} or {@code #} words matches them as literal
 * words too, as in RabbitMQ. Each destination is reported once.
 *
 * <p>Matching visits each (node, word position) pair at most once, so a key with many {@code #} words costs at
 * most nodes × words steps instead of RabbitMQ's exponential backtracking; the result is the same.
 */
final class TopicBindings implements ExchangeBindings {

    private final Node root = new Node();

    /** A trie node: the edges by word, and the destinations of the binding keys that end here. */
    private static final class Node {
        private final Map<String, Node> children = new HashMap<>();
        private final Set<Destination> destinations = new LinkedHashSet<>();
    }

    TopicBindings(Collection<BindingDefinition> bindings) {
        for (BindingDefinition binding : bindings) {
            Node node = root;
            for (String word : TopicWords.split(binding.routingKey())) {
                node = node.children.computeIfAbsent(word, w -> new Node());
            }
            node.destinations.add(binding.destination());
        }
    }

    @Override
    public void match(RoutedMessage message, Collection<Destination> into) {
        List<String> words = TopicWords.split(message.routingKey());
        Set<Destination> found = new LinkedHashSet<>();
        new Walk(words, found).visit(root, 0);
        into.addAll(found);
    }

    /** One match of one routing key. */
    private static final class Walk {
        private final List<String> words;
        private final Set<Destination> found;
        private final Set<Visit> visited = new HashSet<>();

        private record Visit(Node node, int position) {
        }

        Walk(List<String> words, Set<Destination> found) {
            this.words = words;
            this.found = found;
        }

        void visit(Node node, int position) {
            if (!visited.add(new Visit(node, position))) {
                return;
            }
            Node any = node.children.get(TopicWords.ANY);
            if (position == words.size()) {
                found.addAll(node.destinations);
                if (any != null) {
                    visit(any, position);
                }
                return;
            }
            follow(node.children.get(words.get(position)), position + 1);
            follow(node.children.get(TopicWords.ONE), position + 1);
            if (any != null) {
                for (int next = position; next <= words.size(); next++) {
                    visit(any, next);
                }
            }
        }

        private void follow(Node child, int position) {
            if (child != null) {
                visit(child, position);
            }
        }
    }
}
