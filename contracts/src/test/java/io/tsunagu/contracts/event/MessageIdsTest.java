package io.tsunagu.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void idsAreVersion7WithTheRfcVariantAndCarryTheirTime() {
        UUID id = MessageIds.next(1_767_225_600_000L);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(MessageIds.epochMillisOf(id)).isEqualTo(1_767_225_600_000L);
    }

    @Test
    void idsSortByTheirTime() {
        UUID earlier = MessageIds.next(1_000_000);
        UUID later = MessageIds.next(1_000_001);

        assertThat(earlier.toString()).isLessThan(later.toString());
    }

    @Test
    void idsMadeInTheSameMillisecondAreDistinct() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(MessageIds.next(42));
        }

        assertThat(ids).hasSize(10_000);
    }
}
