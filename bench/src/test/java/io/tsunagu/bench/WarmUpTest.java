package io.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    private static final Settings.Warming LIMITS =
            new Settings.Warming(Duration.ofSeconds(90), Duration.ofSeconds(300), 0.2);
    private static final Duration RUN = Duration.ofSeconds(40);

    @Test
    void aSystemRunsAtLeastTheMinimumThenStopsWhenNotWarmingUntilSteady() {
        WarmUp warmUp = new WarmUp(LIMITS, false);

        warmUp.ran("Tsunagu", "QoS 0", RUN, OptionalDouble.of(350));
        warmUp.ran("Tsunagu", "QoS 0", RUN, OptionalDouble.of(120));
        assertThat(warmUp.needsMore("Tsunagu")).isTrue();
        warmUp.ran("Tsunagu", "QoS 0", RUN, OptionalDouble.of(50));

        assertThat(warmUp.needsMore("Tsunagu")).isFalse();
    }

    @Test
    void untilSteadyGoesOnWhileAVariantStillMovesByMoreThanTheTolerance() {
        WarmUp warmUp = new WarmUp(LIMITS, true);
        for (double p99 : new double[] {350, 120, 50}) {
            warmUp.ran("Tsunagu", "QoS 0", RUN, OptionalDouble.of(p99));
            warmUp.ran("Tsunagu", "QoS 1", RUN, OptionalDouble.of(60));
        }
        // 240 s run: QoS 1 steady, QoS 0 fell from 120 to 50 ms.
        assertThat(warmUp.needsMore("Tsunagu")).isTrue();

        warmUp.ran("Tsunagu", "QoS 0", RUN, OptionalDouble.of(45));

        assertThat(warmUp.needsMore("Tsunagu")).isFalse();
    }

    @Test
    void untilSteadyStopsAtTheMaximumEvenWhileUnsteady() {
        WarmUp warmUp = new WarmUp(LIMITS, true);
        for (int run = 0; run < 8; run++) {
            warmUp.ran("RabbitMQ", "QoS 1", RUN, OptionalDouble.of(run % 2 == 0 ? 100 : 3_600));
        }
        // 8 runs of 40 s: past the 300 s maximum.
        assertThat(warmUp.needsMore("RabbitMQ")).isFalse();
    }

    @Test
    void aFailedRunEndsTheWarmUpOfThatSystemOnly() {
        WarmUp warmUp = new WarmUp(LIMITS, true);

        warmUp.ran("RabbitMQ", "QoS 1", Duration.ZERO, OptionalDouble.empty());

        assertThat(warmUp.needsMore("RabbitMQ")).isFalse();
        assertThat(warmUp.needsMore("Tsunagu")).isTrue();
    }

    @Test
    void aMaximumBelowTheMinimumIsRefused() {
        assertThatThrownBy(() -> new Settings.Warming(Duration.ofSeconds(90), Duration.ofSeconds(60), 0.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BENCH_WARMUP_AT_MOST");
    }
}
