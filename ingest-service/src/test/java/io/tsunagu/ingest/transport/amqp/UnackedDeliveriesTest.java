package io.tsunagu.ingest.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.ingest.transport.amqp.UnackedDeliveries.Unacked;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnackedDeliveriesTest {

    private final UnackedDeliveries unacked = new UnackedDeliveries();

    @BeforeEach
    void deliver() {
        unacked.add(1, "a", 10);
        unacked.add(2, "b", 20);
        unacked.add(3, "a", 11);
    }

    @Test
    void singleTagTakesOnlyThatDelivery() {
        assertThat(unacked.take(2, false)).containsExactly(new Unacked(2, "b", 20));
        assertThat(unacked.size()).isEqualTo(2);
    }

    @Test
    void multipleTakesEverythingUpToTheTag() {
        assertThat(unacked.take(2, true)).containsExactly(new Unacked(1, "a", 10), new Unacked(2, "b", 20));
        assertThat(unacked.size()).isEqualTo(1);
    }

    @Test
    void tagZeroWithMultipleTakesEverything() {
        assertThat(unacked.take(0, true)).hasSize(3);
        assertThat(unacked.size()).isZero();
    }

    @Test
    void unknownOrAlreadySettledTagIsNull() {
        assertThat(unacked.take(9, false)).isNull();
        unacked.take(1, false);
        assertThat(unacked.take(1, false)).isNull();
        assertThat(unacked.take(1, true)).isNull();
        assertThat(unacked.take(0, false)).isNull();
    }

    @Test
    void restoredDeliveriesCanBeSettledAgain() {
        List<Unacked> taken = unacked.take(3, true);
        unacked.restore(taken);

        assertThat(unacked.take(3, false)).containsExactly(new Unacked(3, "a", 11));
    }

    @Test
    void offsetsAreGroupedPerQueueInIncreasingOrder() {
        Map<String, long[]> offsets = UnackedDeliveries.offsetsByQueue(List.of(new Unacked(3, "a", 11),
                new Unacked(2, "b", 20), new Unacked(1, "a", 10)));

        assertThat(offsets).containsOnlyKeys("a", "b");
        assertThat(offsets.get("a")).containsExactly(10, 11);
        assertThat(offsets.get("b")).containsExactly(20);
    }

    @Test
    void queuesNameEveryQueueWithUnackedDeliveries() {
        assertThat(unacked.queues()).containsExactly("a", "b");
    }
}
