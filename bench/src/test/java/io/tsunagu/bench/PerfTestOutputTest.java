package io.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** PerfTest 2.22.1's console output, as it printed it against RabbitMQ (`-x 1 -y 1 -s 64 -z 5`). */
class PerfTestOutputTest {

    /** The durable variant: `-f persistent -c 100`, so the lines carry confirm rates and latencies too. */
    static final List<String> DURABLE = """
            id: test-033538-867, starting consumer #0
            id: test-033538-867, starting consumer #0, channel #0
            id: test-033538-867, starting producer #0
            id: test-033538-867, starting producer #0, channel #0
            id: test-033538-867, time 1.001 s, sent: 10140 msg/s, confirmed: 10055 msg/s, nacked: 0 msg/s, \
            received: 10132 msg/s, min/median/75th/95th/99th consumer latency: 261/9617/31929/97713/105240 µs, \
            confirm latency: 375/3746/5484/9161/19922 µs
            id: test-033538-867, time 2.001 s, sent: 13346 msg/s, confirmed: 13418 msg/s, nacked: 0 msg/s, \
            received: 13259 msg/s, min/median/75th/95th/99th consumer latency: 148/3391/9107/38932/51486 µs, \
            confirm latency: 525/4018/5495/11708/31559 µs
            id: test-033538-867, time 3.001 s, sent: 18960 msg/s, confirmed: 18873 msg/s, nacked: 0 msg/s, \
            received: 18975 msg/s, min/median/75th/95th/99th consumer latency: 283/2191/3004/5686/17021 µs, \
            confirm latency: 398/3526/4565/6841/8202 µs
            id: test-033538-867, time 4.000 s, sent: 22243 msg/s, confirmed: 22243 msg/s, nacked: 0 msg/s, \
            received: 22248 msg/s, min/median/75th/95th/99th consumer latency: 255/1939/2518/3752/7242 µs, \
            confirm latency: 484/3478/4431/6028/8272 µs
            id: test-033538-867, time 5.001 s, sent: 20222 msg/s, confirmed: 20222 msg/s, nacked: 0 msg/s, \
            received: 20197 msg/s, min/median/75th/95th/99th consumer latency: 325/2415/3135/6037/13822 µs, \
            confirm latency: 841/3977/4927/7964/9565 µs
            test stopped (Reached time limit)
            id: test-033538-867, sending rate avg: 16793 msg/s
            id: test-033538-867, receiving rate avg: 16793 msg/s
            id: test-033538-867, consumer latency min/median/75th/95th/99th 273/2481/3717/29379/81060 µs
            id: test-033538-867, confirm latency min/median/75th/95th/99th 498/3773/4834/7638/10574 µs
            """.lines().toList();

    /** The transient variant: no confirms, so no confirm fields. */
    static final List<String> TRANSIENT = """
            id: test-033554-742, starting consumer #0
            id: test-033554-742, starting consumer #0, channel #0
            id: test-033554-742, starting producer #0
            id: test-033554-742, starting producer #0, channel #0
            id: test-033554-742, time 1.007 s, sent: 13708 msg/s, received: 12838 msg/s, \
            min/median/75th/95th/99th consumer latency: 162/153465/185806/221093/233864 µs
            id: test-033554-742, time 2.006 s, sent: 16152 msg/s, received: 14410 msg/s, \
            min/median/75th/95th/99th consumer latency: 3393/61734/250329/463123/507770 µs
            id: test-033554-742, time 3.017 s, sent: 26730 msg/s, received: 24943 msg/s, \
            min/median/75th/95th/99th consumer latency: 32495/93090/132365/309012/371813 µs
            id: test-033554-742, time 4.000 s, sent: 25555 msg/s, received: 20724 msg/s, \
            min/median/75th/95th/99th consumer latency: 119313/206347/429671/522345/529807 µs
            test stopped (Reached time limit)
            id: test-033554-742, sending rate avg: 20188 msg/s
            id: test-033554-742, receiving rate avg: 18472 msg/s
            id: test-033554-742, consumer latency min/median/75th/95th/99th 1301/152052/221596/510600/526227 µs
            """.lines().toList();

    @Test
    void readsEveryIntervalLineAndNothingElse() {
        assertThat(PerfTestOutput.intervals(DURABLE))
                .extracting(PerfTestOutput.Interval::endSeconds)
                .containsExactly(1.001, 2.001, 3.001, 4.0, 5.001);
    }

    @Test
    void readsRatesAndLatenciesOfAnIntervalWithConfirms() {
        assertThat(PerfTestOutput.intervals(DURABLE).get(2))
                .isEqualTo(new PerfTestOutput.Interval(3.001, 18960, 18975, 2.191, 17.021));
    }

    @Test
    void averagesTheRatesOfTheIntervalsAfterTheWarmUp() {
        PerfTestOutput.Summary summary = PerfTestOutput.summarize(DURABLE, 2);

        assertThat(summary.intervals()).isEqualTo(3);
        assertThat(summary.sentPerSecond()).isCloseTo((18960 + 22243 + 20222) / 3.0, within(1e-9));
        assertThat(summary.receivedPerSecond()).isCloseTo((18975 + 22248 + 20197) / 3.0, within(1e-9));
    }

    @Test
    void takesTheMedianOverTheMeasuredIntervalsOfEachIntervalsPercentiles() {
        PerfTestOutput.Summary summary = PerfTestOutput.summarize(DURABLE, 2);

        assertThat(summary.medianMillis()).isCloseTo(2.191, within(1e-9));
        assertThat(summary.p99Millis()).isCloseTo(13.822, within(1e-9));
    }

    @Test
    void readsIntervalsWithoutConfirms() {
        PerfTestOutput.Summary summary = PerfTestOutput.summarize(TRANSIENT, 2);

        assertThat(summary.intervals()).isEqualTo(2);
        assertThat(summary.sentPerSecond()).isCloseTo((26730 + 25555) / 2.0, within(1e-9));
        assertThat(summary.receivedPerSecond()).isCloseTo((24943 + 20724) / 2.0, within(1e-9));
        assertThat(summary.medianMillis()).isCloseTo((93.090 + 206.347) / 2, within(1e-9));
        assertThat(summary.p99Millis()).isCloseTo((371.813 + 529.807) / 2, within(1e-9));
    }

    @Test
    void readsMillisecondLatenciesWhenPerfTestUsesMillis() {
        List<String> line = List.of("id: t, time 6.000 s, sent: 100 msg/s, received: 90 msg/s, "
                + "min/median/75th/95th/99th consumer latency: 1/2/3/4/5 ms");

        assertThat(PerfTestOutput.intervals(line)).containsExactly(new PerfTestOutput.Interval(6, 100, 90, 2, 5));
    }

    @Test
    void readsADecimalCommaAndAnAsciiMicroSign() {
        List<String> line = List.of("id: t, time 6,002 s, sent: 100 msg/s, received: 90 msg/s, "
                + "min/median/75th/95th/99th consumer latency: 1000/2000/3000/4000/5000 ?s");

        assertThat(PerfTestOutput.intervals(line)).containsExactly(new PerfTestOutput.Interval(6.002, 100, 90, 2, 5));
    }

    @Test
    void failsWhenNoIntervalEndedAfterTheWarmUp() {
        assertThatThrownBy(() -> PerfTestOutput.summarize(DURABLE, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no interval after the 5.0 s warm-up");
    }
}
