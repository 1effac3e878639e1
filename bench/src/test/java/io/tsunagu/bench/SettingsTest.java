package io.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings {@code ./tsunagu bench} passes in the environment, with their defaults and their checks. */
class SettingsTest {

    private final Map<String, String> env = new HashMap<>(Map.of("BENCH_TSUNAGU_MQTT_PORT", "1883",
            "BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/tsunagu", "BENCH_PG_USER", "tsunagu",
            "BENCH_PG_PASSWORD", "secret"));

    @Test
    void theWaitForIdleCoresDefaultsTo30PercentForAtMostAMinute() {
        Settings.Quiet quiet = Settings.fromEnvironment(env).quiet();

        assertThat(quiet.below()).isEqualTo(0.30);
        assertThat(quiet.atMost()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theWaitForIdleCoresIsSetInPercentAndSeconds() {
        env.put("BENCH_QUIET_BELOW", "45");
        env.put("BENCH_QUIET_AT_MOST", "5");

        Settings.Quiet quiet = Settings.fromEnvironment(env).quiet();

        assertThat(quiet.below()).isEqualTo(0.45);
        assertThat(quiet.atMost()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aShareOfTheCoresOutsideZeroToAHundredPercentIsRefused() {
        env.put("BENCH_QUIET_BELOW", "0");
        assertThatThrownBy(() -> Settings.fromEnvironment(env)).hasMessageContaining("BENCH_QUIET_BELOW");

        env.put("BENCH_QUIET_BELOW", "120");
        assertThatThrownBy(() -> Settings.fromEnvironment(env)).hasMessageContaining("BENCH_QUIET_BELOW");
    }

    @Test
    void aMissingDatabaseIsNamed() {
        env.remove("BENCH_PG_URL");

        assertThatThrownBy(() -> Settings.fromEnvironment(env)).hasMessageContaining("BENCH_PG_URL");
    }
}
