package io.tsunagu.storage.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.storage.repo.AmqpBinding;
import io.tsunagu.storage.repo.AmqpExchange;
import io.tsunagu.storage.repo.AmqpQueue;
import io.tsunagu.storage.repo.QueueOwner;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules: argument validation, equivalence (integers by value), and the stream keys. */
class TopologyRulesTest {

    @Test
    void integersOfDifferentJavaTypesAreTheSameArgument() {
        assertThat(FieldValues.same(10, 10L)).isTrue();
        assertThat(FieldValues.same(10, 11L)).isFalse();
        assertThat(FieldValues.same("10", 10)).isFalse();
    }

    @Test
    void aLongIntegerIsDescribedAsLong() {
        assertThat(FieldValues.describe(5_000_000_000L)).isEqualTo("the value '5000000000' of type 'long'");
    }

    @Test
    void validArgumentsPass() {
        assertThat(QueueArguments.validate(Map.of("x-max-priority", 255, "x-message-ttl", 0, "x-overflow",
                "drop-head"))).isEmpty();
    }

    @Test
    void unknownArgumentsAreNotValidated() {
        assertThat(QueueArguments.validate(Map.of("x-single-active-consumer", "yes"))).isEmpty();
    }

    @Test
    void aNegativeTtlIsInvalid() {
        assertThat(QueueArguments.validate(Map.of("x-message-ttl", -1)))
                .hasValue(new QueueArguments.Invalid("x-message-ttl", "{value_negative,-1}"));
    }

    @Test
    void theSameArgumentsInAnotherOrderGiveTheSameBindingKey() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("x-match", "all");
        first.put("a", 1);
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("a", 1);
        second.put("x-match", "all");

        assertThat(TopologyChange.key(new AmqpBinding("/", "amq.headers", "queue", "q", "", first)))
                .isEqualTo(TopologyChange.key(new AmqpBinding("/", "amq.headers", "queue", "q", "", second)));
    }

    @Test
    void aTombstoneHasNoValue() {
        AmqpExchange exchange = new AmqpExchange("/", "x", "direct", true, false, false, Map.of());

        assertThat(TopologyChange.deleted(exchange).value()).isNull();
        assertThat(TopologyChange.deleted(exchange).key()).isEqualTo("/\u0000exchange\u0000x");
    }

    @Test
    void aNonExclusiveRedeclareOfAnExclusiveQueueIsLocked() {
        QueueOwner owner = new QueueOwner("c-1", "n-1");
        AmqpQueue queue = new AmqpQueue("/", "q", false, false, owner, Map.of());
        QueueDeclaration plain = new QueueDeclaration("q", false, false, false, Map.of(), false, owner);

        assertThatThrownBy(() -> Equivalence.checkQueue(queue, plain))
                .isInstanceOfSatisfying(AmqpReplyException.class,
                        e -> assertThat(e.replyCode()).isEqualTo(AmqpReplyException.RESOURCE_LOCKED));
    }
}
