package io.tsunagu.routing.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The interceptor keeps, per partition, the offset after the last record polled, never moving back. */
class PolledOffsetsTest {

    private final String stream = "polled-" + UUID.randomUUID();
    private final PolledOffsets.Interceptor interceptor = new PolledOffsets.Interceptor();

    private ConsumerRecords<Object, Object> poll(int partition, long... offsets) {
        List<ConsumerRecord<Object, Object>> records = Arrays.stream(offsets)
                .mapToObj(offset -> new ConsumerRecord<Object, Object>(stream, partition, offset, "k", "v"))
                .toList();
        return new ConsumerRecords<>(Map.of(new TopicPartition(stream, partition), records), Map.of());
    }

    @Test
    void offsetAfterTheLastRecordPolledPerPartition() {
        assertThat(PolledOffsets.of(stream)).isEmpty();

        ConsumerRecords<Object, Object> first = poll(0, 4, 5, 6);
        assertThat(interceptor.onConsume(first)).isSameAs(first);
        interceptor.onConsume(poll(2, 10));

        assertThat(PolledOffsets.of(stream)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 7L, 2, 11L));
    }

    @Test
    void aPollOfEarlierRecordsAfterASeekBackDoesNotLowerIt() {
        interceptor.onConsume(poll(1, 20, 21));
        interceptor.onConsume(poll(1, 3));

        assertThat(PolledOffsets.of(stream)).containsExactlyEntriesOf(Map.of(1, 22L));
        assertThat(PolledOffsets.of("other-" + stream)).isEmpty();
    }
}
