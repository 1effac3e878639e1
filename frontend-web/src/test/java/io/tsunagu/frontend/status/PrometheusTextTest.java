package io.tsunagu.frontend.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sums of counters out of the Prometheus text exposition format. */
class PrometheusTextTest {

    private static final String IN = "tsunagu_messages_in_total";
    private static final String OUT = "tsunagu_messages_out_total";
    private static final Set<String> BOTH = Set.of(IN, OUT);

    @Test
    void sumsEverySeriesOfACounter() {
        String text = """
                tsunagu_messages_in_total{protocol="mqtt",service="ingest",} 7.0
                tsunagu_messages_in_total{protocol="amqp",service="ingest",} 3.0
                """;

        assertThat(PrometheusText.sums(text, BOTH)).containsExactlyEntriesOf(Map.of(IN, 10.0));
    }

    @Test
    void readsASeriesWithoutLabels() {
        assertThat(PrometheusText.sums("tsunagu_messages_in_total 4\n", BOTH)).containsEntry(IN, 4.0);
    }

    @Test
    void readsAnEmptyLabelSet() {
        assertThat(PrometheusText.sums("tsunagu_messages_in_total{} 4\n", BOTH)).containsEntry(IN, 4.0);
    }

    @Test
    void keepsCountersApart() {
        String text = """
                tsunagu_messages_in_total{service="ingest"} 1.0
                tsunagu_messages_out_total{service="ingest"} 2.0
                """;

        assertThat(PrometheusText.sums(text, BOTH)).isEqualTo(Map.of(IN, 1.0, OUT, 2.0));
    }

    @Test
    void skipsCommentsAndBlankLines() {
        String text = """
                # HELP tsunagu_messages_in_total 99 messages
                # TYPE tsunagu_messages_in_total counter

                tsunagu_messages_in_total{service="ingest"} 1.0
                """;

        assertThat(PrometheusText.sums(text, BOTH)).containsExactlyEntriesOf(Map.of(IN, 1.0));
    }

    @Test
    void matchesTheWholeMetricNameOnly() {
        String text = """
                tsunagu_messages_in_total_created{service="ingest"} 1.7E9
                tsunagu_messages_in{service="ingest"} 5.0
                xtsunagu_messages_in_total{service="ingest"} 5.0
                tsunagu_messages_in_total{service="ingest"} 1.0
                """;

        assertThat(PrometheusText.sums(text, BOTH)).containsExactlyEntriesOf(Map.of(IN, 1.0));
    }

    @Test
    void labelValuesMayHoldBracesSpacesAndEscapedQuotes() {
        String text = """
                tsunagu_messages_in_total{reason="a} b \\"c\\" 9",service="ingest"} 2.0
                tsunagu_messages_in_total{path="C:\\\\dir\\\\",service="ingest"} 3.0
                """;

        assertThat(PrometheusText.sums(text, BOTH)).containsEntry(IN, 5.0);
    }

    @Test
    void ignoresTheOptionalTimestamp() {
        assertThat(PrometheusText.sums("tsunagu_messages_in_total{a=\"b\"} 3 1700000000000\n", BOTH))
                .containsEntry(IN, 3.0);
    }

    @Test
    void readsScientificNotation() {
        assertThat(PrometheusText.sums("tsunagu_messages_in_total 1.5E3\n", BOTH)).containsEntry(IN, 1500.0);
    }

    @Test
    void skipsValuesThatAreNotFiniteNumbers() {
        String text = """
                tsunagu_messages_in_total{a="1"} NaN
                tsunagu_messages_in_total{a="2"} +Inf
                tsunagu_messages_in_total{a="3"} many
                tsunagu_messages_in_total{a="4"} 2.0
                """;

        assertThat(PrometheusText.sums(text, BOTH)).containsEntry(IN, 2.0);
    }

    @Test
    void skipsALineWhoseLabelsNeverClose() {
        String text = """
                tsunagu_messages_in_total{a="1" 5.0
                tsunagu_messages_in_total{a="2"} 2.0
                """;

        assertThat(PrometheusText.sums(text, BOTH)).containsEntry(IN, 2.0);
    }

    @Test
    void skipsASampleWithoutAValue() {
        assertThat(PrometheusText.sums("tsunagu_messages_in_total{a=\"1\"}\n", BOTH)).isEmpty();
    }

    @Test
    void readsWindowsLineEndings() {
        String text = "tsunagu_messages_in_total 1.0\r\ntsunagu_messages_in_total 2.0\r\n";

        assertThat(PrometheusText.sums(text, BOTH)).containsEntry(IN, 3.0);
    }

    @Test
    void absentCounterHasNoEntry() {
        assertThat(PrometheusText.sums("other_total 1.0\n", BOTH)).isEmpty();
    }
}
