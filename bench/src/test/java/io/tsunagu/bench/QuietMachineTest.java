package io.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuietMachineTest {

    /** Two real readings of this machine's /proc/stat (Linux 6.18, 2 cores), one second apart while a benchmark ran. */
    private static final String BEFORE = "cpu  5294884 2568 839909 5541165 17310 0 98594 14028 0 0";
    private static final String AFTER = "cpu  5294912 2568 839977 5541220 17310 0 98617 14028 0 0";

    @Test
    void busyShareCountsUserSystemAndSoftirqButNotIdleOrIowait() {
        QuietMachine.CpuTimes before = QuietMachine.CpuTimes.parse(BEFORE);
        QuietMachine.CpuTimes after = QuietMachine.CpuTimes.parse(AFTER);

        // 28 user + 68 system + 23 softirq busy, 55 idle: 119 of 174 ticks.
        assertThat(after.busySince(before)).isCloseTo(119 / 174.0, within(1e-9));
    }

    @Test
    void noTicksBetweenTwoReadingsIsIdle() {
        QuietMachine.CpuTimes reading = QuietMachine.CpuTimes.parse(BEFORE);

        assertThat(reading.busySince(reading)).isZero();
    }

    @Test
    void aPerCoreLineIsRefused() {
        assertThatThrownBy(() -> QuietMachine.CpuTimes.parse("cpu0 1 2 3 4 5 6 7 8 9 10"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
