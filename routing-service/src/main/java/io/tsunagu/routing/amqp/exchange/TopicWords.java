package io.tsunagu.routing.amqp.exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits topic routing and binding keys into words as RabbitMQ's {@code rabbit_exchange_type_topic} does
 * ({@code split_topic_key}): at every {@code '.'}, keeping empty words, so {@code "a..b"} is {@code a, "", b} and
 * {@code "a."} is {@code a, ""}; but the empty key has no word at all (not one empty word), so only a binding key
 * matching zero words ({@code ""}, {@code "#"}, {@code "#.#"}) takes it.
 */
final class TopicWords {

    /** The word that matches exactly one word. */
    static final String ONE = "*";
    /** The word that matches zero or more words. */
    static final String ANY = "#";

    private TopicWords() {
    }

    /** The words of {@code key}. */
    static List<String> split(String key) {
        List<String> words = new ArrayList<>();
        if (key.isEmpty()) {
            return words;
        }
        int start = 0;
        int dot;
        while ((dot = key.indexOf('.', start)) >= 0) {
            words.add(key.substring(start, dot));
            start = dot + 1;
        }
        words.add(key.substring(start));
        return words;
    }
}
