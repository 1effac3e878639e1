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
    private static final Duration SHORT_RUN = Duration.ofSeconds(20);

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
            warmUp.ran("Tsunagu", "QoS 0", SHORT_RUN, OptionalDouble.of(p99));
            warmUp.ran("Tsunagu", "QoS 1", SHORT_RUN, OptionalDouble.of(60));
        }
        // 120 s run: QoS 1 steady, QoS 0 fell from 350 to 50 ms.
        assertThat(warmUp.needsMore("Tsunagu")).isTrue();
        warmUp.ran("Tsunagu", "QoS 0", SHORT_RUN, OptionalDouble.of(45));
        // 120, 50, 45: the last two are close, the three are not.
        assertThat(warmUp.needsMore("Tsunagu")).isTrue();

        warmUp.ran("Tsunagu", "QoS 0", SHORT_RUN, OptionalDouble.of(44));

        assertThat(warmUp.needsMore("Tsunagu")).isFalse();
    }

    @Test
    void aTrendWithinTheToleranceFromRunToRunIsNotSteadyOverThreeRuns() {
        WarmUp warmUp = new WarmUp(LIMITS, true);
        for (double p99 : new double[] {233, 200, 177}) {
            warmUp.ran("Tsunagu", "QoS 1", RUN, OptionalDouble.of(p99));
        }
        // Each run 11-14 % below the one before, 32 % over the three.
        assertThat(warmUp.needsMore("Tsunagu")).isTrue();

        warmUp.ran("Tsunagu", "QoS 1", RUN, OptionalDouble.of(170));
        warmUp.ran("Tsunagu", "QoS 1", RUN, OptionalDouble.of(168));

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
