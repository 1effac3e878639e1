package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.LongString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The message a dead-lettered message becomes, as RabbitMQ 3.10 makes it (rabbit_dead_letter): published to the
 * queue's x-dead-letter-exchange with its x-dead-letter-routing-key (or its own routing key), the expiration
 * property removed, and the {@code x-death} header updated: an array of tables, most recent first, each with
 * {@code count}, {@code reason} (rejected, expired, maxlen), {@code queue}, {@code time}, {@code exchange},
 * {@code routing-keys} and, when it had one, {@code original-expiration}. A second death in the same queue for the
 * same reason increments that entry's count and moves it to the front. {@code x-first-death-reason},
 * {@code x-first-death-queue} and {@code x-first-death-exchange} are set by the first death only.
 *
 * <p>Cycles: RabbitMQ drops a message that would be dead-lettered into a queue it already died in, unless a death
 * on the way was a rejection. The owner does not know where the exchange routes it, so it applies the rule to its
 * own queue: a message that already died here, with no rejection among its deaths, is dropped rather than
 * dead-lettered again (the queue-to-itself and two-queue TTL loops end as in RabbitMQ). Pure functions.
 */
final class DeadLetters {

    static final String REJECTED = "rejected";
    static final String EXPIRED = "expired";
    static final String MAXLEN = "maxlen";
    private static final String X_DEATH = "x-death";
    private static final String QUEUE = "queue";
    private static final String REASON = "reason";
    private static final String COUNT = "count";

    private DeadLetters() {
    }

    /**
     * One death.
     *
     * @param queue the queue it died in
     * @param reason rejected, expired or maxlen
     * @param time when
     */
    record Death(String queue, String reason, Instant time) {
    }

    /**
     * The message {@code message} becomes when it dies ({@code death}) in a queue with {@code limits}; empty when it
     * would go round a cycle.
     */
    static Optional<AmqpMessage> deadLettered(AmqpMessage message, Death death, QueueLimits limits) {
        String queue = death.queue();
        String reason = death.reason();
        BasicProperties properties = BasicPropertiesCodec.decode(message.properties());
        Map<String, Object> headers = properties.headers() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(properties.headers());
        List<Map<String, Object>> deaths = deaths(headers.get(X_DEATH));
        if (!REJECTED.equals(reason) && isCycle(deaths, queue)) {
            return Optional.empty();
        }
        headers.put(X_DEATH, updated(deaths, entry(message, death, properties.expiration())));
        headers.putIfAbsent("x-first-death-reason", reason);
        headers.putIfAbsent("x-first-death-queue", queue);
        headers.putIfAbsent("x-first-death-exchange", message.exchange());
        byte[] section = BasicPropertiesCodec.encode(properties.withHeaders(headers).withExpiration(null));
        String routingKey = limits.deadLetterRoutingKey() != null ? limits.deadLetterRoutingKey()
                : message.routingKey();
        return Optional.of(new AmqpMessage(limits.deadLetterExchange(), routingKey, section, message.body()));
    }

    private static Map<String, Object> entry(AmqpMessage message, Death death, String expiration) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(COUNT, 1L);
        entry.put(REASON, death.reason());
        entry.put(QUEUE, death.queue());
        entry.put("time", death.time().truncatedTo(ChronoUnit.SECONDS));
        entry.put("exchange", message.exchange());
        entry.put("routing-keys", List.of(message.routingKey()));
        if (expiration != null) {
            entry.put("original-expiration", expiration);
        }
        return entry;
    }

    /** The x-death entries, as tables; anything else in the header is ignored (RabbitMQ replaces it too). */
    private static List<Map<String, Object>> deaths(Object header) {
        List<Map<String, Object>> deaths = new ArrayList<>();
        if (header instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> table) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    table.forEach((name, value) -> copy.put(String.valueOf(name), value));
                    deaths.add(copy);
                }
            }
        }
        return deaths;
    }

    private static boolean isCycle(List<Map<String, Object>> deaths, String queue) {
        boolean diedHere = deaths.stream().anyMatch(death -> queue.equals(text(death.get(QUEUE))));
        boolean rejected = deaths.stream().anyMatch(death -> REJECTED.equals(text(death.get(REASON))));
        return diedHere && !rejected;
    }

    /** {@code fresh} in front; an entry of the same queue and reason is counted up and moved there instead. */
    private static List<Map<String, Object>> updated(List<Map<String, Object>> deaths, Map<String, Object> fresh) {
        List<Map<String, Object>> result = new ArrayList<>();
        Map<String, Object> front = fresh;
        for (Map<String, Object> death : deaths) {
            boolean same = front == fresh && fresh.get(QUEUE).equals(text(death.get(QUEUE)))
                    && fresh.get(REASON).equals(text(death.get(REASON)));
            if (same) {
                front = new LinkedHashMap<>(death);
                front.put(COUNT, death.get(COUNT) instanceof Number count ? count.longValue() + 1 : 1L);
            } else {
                result.add(death);
            }
        }
        result.addFirst(front);
        return result;
    }

    /** A header value read as text: a long string (as decoded) or a String. */
    private static String text(Object value) {
        if (value instanceof LongString longString) {
            return new String(longString.bytes(), StandardCharsets.UTF_8);
        }
        return value instanceof String string ? string : null;
    }
}
