package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.DeliverySource;
import org.junit.jupiter.api.Test;

class DeliveredOffsetsTest {

    @Test
    void growingOffsetsOfAPartitionAreNew() {
        DeliveredOffsets delivered = new DeliveredOffsets();

        assertThat(delivered.advance(new DeliverySource(0, 10))).isTrue();
        assertThat(delivered.advance(new DeliverySource(0, 11))).isTrue();
        assertThat(delivered.advance(new DeliverySource(0, 20))).isTrue();
    }

    @Test
    void anOffsetNotAboveTheHighestOfItsPartitionIsARepeat() {
        DeliveredOffsets delivered = new DeliveredOffsets();
        delivered.advance(new DeliverySource(2, 10));
        delivered.advance(new DeliverySource(2, 11));

        assertThat(delivered.advance(new DeliverySource(2, 11))).isFalse();
        assertThat(delivered.advance(new DeliverySource(2, 10))).isFalse();
        assertThat(delivered.advance(new DeliverySource(2, 12))).isTrue();
    }

    @Test
    void partitionsAreIndependent() {
        DeliveredOffsets delivered = new DeliveredOffsets();
        delivered.advance(new DeliverySource(0, 100));

        assertThat(delivered.advance(new DeliverySource(1, 5))).isTrue();
    }

    @Test
    void aSourceWithoutPositionIsNeverARepeat() {
        DeliveredOffsets delivered = new DeliveredOffsets();

        assertThat(delivered.advance(DeliverySource.none())).isTrue();
        assertThat(delivered.advance(DeliverySource.none())).isTrue();
    }
}
