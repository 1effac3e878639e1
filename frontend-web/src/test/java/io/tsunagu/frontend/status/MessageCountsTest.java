package io.tsunagu.frontend.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Platform counts: summed per service over the instances that reported, null when none did. */
class MessageCountsTest {

    @Test
    void ingestCountsAreSummedOverNodes() {
        MessageCounts counts = MessageCounts.of(List.of(status("ingest", 10L, 4L, null), status("ingest", 5L, 6L,
                null)));

        assertThat(counts.ingestIn()).isEqualTo(15L);
        assertThat(counts.ingestOut()).isEqualTo(10L);
    }

    @Test
    void nodesThatDidNotReportAreLeftOut() {
        MessageCounts counts = MessageCounts.of(List.of(status("ingest", 10L, null, null), status("ingest", null,
                null, null)));

        assertThat(counts.ingestIn()).isEqualTo(10L);
        assertThat(counts.ingestOut()).isNull();
    }

    @Test
    void eachServiceGivesItsOwnCounters() {
        MessageCounts counts = MessageCounts.of(List.of(status("routing", 15L, 20L, null),
                status("storage", 15L, null, 14L)));

        assertThat(counts).isEqualTo(new MessageCounts(null, null, 15L, 20L, 14L));
    }

    private static ServiceStatus status(String service, Long in, Long out, Long stored) {
        return new ServiceStatus(service, "http://" + service, Health.UP, List.of(), null, in, out, stored);
    }
}
