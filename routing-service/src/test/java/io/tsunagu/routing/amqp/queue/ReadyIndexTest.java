package io.tsunagu.routing.amqp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyIndexTest {

    private static QueuedMessage message(long offset, int priority) {
        return new QueuedMessage(offset, priority, 10, null);
    }

    private static List<Long> drain(ReadyIndex index) {
        List<Long> offsets = new ArrayList<>();
        for (QueuedMessage next = index.poll(); next != null; next = index.poll()) {
            offsets.add(next.offset());
        }
        return offsets;
    }

    @Test
    void higherPrioritiesGoFirstAndEachPriorityInOffsetOrder() {
        ReadyIndex index = new ReadyIndex(3);
        index.add(message(1, 0));
        index.add(message(2, 2));
        index.add(message(3, 1));
        index.add(message(4, 2));
        index.add(message(5, 0));

        assertThat(drain(index)).containsExactly(2L, 4L, 3L, 1L, 5L);
    }

    @Test
    void aMessagePutBackReturnsToItsPlace() {
        ReadyIndex index = new ReadyIndex(1);
        for (long offset = 1; offset <= 4; offset++) {
            index.add(message(offset, 0));
        }
        QueuedMessage first = index.poll();
        QueuedMessage second = index.poll();

        index.add(second);
        index.add(first);

        assertThat(drain(index)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void countsAndTheLowestOffsetFollowTheContent() {
        ReadyIndex index = new ReadyIndex(2);
        index.add(message(7, 1));
        index.add(message(3, 0));

        assertThat(index.count()).isEqualTo(2);
        assertThat(index.bytes()).isEqualTo(20);
        assertThat(index.lowestOffset()).isEqualTo(3);
        assertThat(index.remove(3).offset()).isEqualTo(3);
        assertThat(index.lowestOffset()).isEqualTo(7);
        assertThat(index.clear()).hasSize(1);
        assertThat(index.isEmpty()).isTrue();
        assertThat(index.lowestOffset()).isEqualTo(Long.MAX_VALUE);
    }
}
