package io.tsunagu.routing.amqp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.amqp.BasicProperties;
import io.tsunagu.contracts.amqp.BasicPropertiesCodec;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.routing.amqp.queue.DeadLetters.Death;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** x-death as RabbitMQ 3.10 writes it: counts per queue and reason, most recent first, cycles dropped. */
class DeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-11-28T01:00:00.750Z");
    private static final QueueLimits TO_DLX = new QueueLimits(QueueLimits.NONE, QueueLimits.NONE, QueueLimits.NONE,
            QueueLimits.Overflow.DROP_HEAD, "dlx", null, QueueLimits.NONE);

    private static AmqpMessage message(BasicProperties properties) {
        return new AmqpMessage("orders", "eu.new", BasicPropertiesCodec.encode(properties), Payload.utf8("b"));
    }

    private static AmqpMessage dies(AmqpMessage message, String queue, String reason) {
        return DeadLetters.deadLettered(message, new Death(queue, reason, NOW), TO_DLX).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deaths(AmqpMessage message) {
        return (List<Map<String, Object>>) BasicPropertiesCodec.decode(message.properties()).headers().get("x-death");
    }

    @Test
    void theFirstDeathWritesOneEntryAndTheFirstDeathHeaders() {
        AmqpMessage dead = dies(message(BasicProperties.EMPTY.withExpiration("500")
                .withHeaders(Map.of("app", "kept"))), "q1", DeadLetters.EXPIRED);

        assertThat(dead.exchange()).isEqualTo("dlx");
        assertThat(dead.routingKey()).isEqualTo("eu.new");
        BasicProperties properties = BasicPropertiesCodec.decode(dead.properties());
        assertThat(properties.expiration()).isNull();
        assertThat(properties.headers()).containsEntry("app", LongString.of("kept"))
                .containsEntry("x-first-death-reason", LongString.of("expired"))
                .containsEntry("x-first-death-queue", LongString.of("q1"))
                .containsEntry("x-first-death-exchange", LongString.of("orders"));
        assertThat(deaths(dead)).singleElement().satisfies(death -> assertThat(death)
                .containsEntry("count", 1L)
                .containsEntry("reason", LongString.of("expired"))
                .containsEntry("queue", LongString.of("q1"))
                .containsEntry("time", Instant.parse("2026-11-28T01:00:00Z"))
                .containsEntry("exchange", LongString.of("orders"))
                .containsEntry("routing-keys", List.of(LongString.of("eu.new")))
                .containsEntry("original-expiration", LongString.of("500")));
    }

    @Test
    void theSameQueueAndReasonCountsUpAndMovesToTheFront() {
        AmqpMessage once = dies(message(BasicProperties.EMPTY), "q1", DeadLetters.REJECTED);
        AmqpMessage elsewhere = dies(once, "q2", DeadLetters.REJECTED);
        AmqpMessage twice = dies(elsewhere, "q1", DeadLetters.REJECTED);

        assertThat(deaths(twice)).hasSize(2);
        assertThat(deaths(twice).get(0)).containsEntry("queue", LongString.of("q1")).containsEntry("count", 2L);
        assertThat(deaths(twice).get(1)).containsEntry("queue", LongString.of("q2")).containsEntry("count", 1L);
        // The first death's headers stay.
        assertThat(BasicPropertiesCodec.decode(twice.properties()).headers())
                .containsEntry("x-first-death-queue", LongString.of("q1"));
    }

    @Test
    void aSecondDeathInTheSameQueueWithoutARejectionIsACycle() {
        AmqpMessage expired = dies(message(BasicProperties.EMPTY), "q1", DeadLetters.EXPIRED);
        assertThat(DeadLetters.deadLettered(expired, new Death("q1", DeadLetters.EXPIRED, NOW), TO_DLX)).isEmpty();
        assertThat(DeadLetters.deadLettered(expired, new Death("q1", DeadLetters.MAXLEN, NOW), TO_DLX)).isEmpty();
        assertThat(DeadLetters.deadLettered(expired, new Death("q1", DeadLetters.REJECTED, NOW), TO_DLX)).isPresent();
        assertThat(DeadLetters.deadLettered(expired, new Death("q2", DeadLetters.EXPIRED, NOW), TO_DLX)).isPresent();
    }

    @Test
    void theDeadLetterRoutingKeyReplacesTheMessagesKey() {
        QueueLimits withKey = new QueueLimits(QueueLimits.NONE, QueueLimits.NONE, QueueLimits.NONE,
                QueueLimits.Overflow.DROP_HEAD, "", "parking", QueueLimits.NONE);
        AmqpMessage dead = DeadLetters.deadLettered(message(BasicProperties.EMPTY),
                new Death("q1", DeadLetters.REJECTED, NOW), withKey).orElseThrow();
        assertThat(dead.exchange()).isEmpty();
        assertThat(dead.routingKey()).isEqualTo("parking");
        assertThat(deaths(dead).getFirst()).containsEntry("routing-keys", List.of(LongString.of("eu.new")));
    }
}
