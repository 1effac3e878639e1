package io.tsunagu.routing.amqp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyIndexTest {

    private static QueuedMessage message(long offset, int priority) {
        QueuedMessage message = new QueuedMessage(offset, priority, 10, null);
        message.limits(Long.MAX_VALUE, 8);
        return message;
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
    void pollOldestTakesTheLowestOffsetWhateverItsPriority() {
        ReadyIndex index = new ReadyIndex(2);
        index.add(message(5, 1));
        index.add(message(2, 0));
        index.add(message(9, 1));

        assertThat(index.pollOldest().offset()).isEqualTo(2);
        assertThat(drain(index)).containsExactly(5L, 9L);
        assertThat(index.pollOldest()).isNull();
    }

    @Test
    void countsAndTheLowestOffsetFollowTheContent() {
        ReadyIndex index = new ReadyIndex(2);
        index.add(message(7, 1));
        index.add(message(3, 0));

        assertThat(index.count()).isEqualTo(2);
        // Body bytes, as x-max-length-bytes counts them.
        assertThat(index.bytes()).isEqualTo(16);
        assertThat(index.lowestOffset()).isEqualTo(3);
        assertThat(index.remove(3).offset()).isEqualTo(3);
        assertThat(index.lowestOffset()).isEqualTo(7);
        assertThat(index.bytes()).isEqualTo(8);
        assertThat(index.clear()).hasSize(1);
        assertThat(index.isEmpty()).isTrue();
        assertThat(index.lowestOffset()).isEqualTo(Long.MAX_VALUE);
    }
}
