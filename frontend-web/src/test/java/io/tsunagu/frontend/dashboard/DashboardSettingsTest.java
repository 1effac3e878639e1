package io.tsunagu.frontend.dashboard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.frontend.config.FrontendOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dashboard settings that would leave every browser failing stop the start instead. */
class DashboardSettingsTest {

    private static final Mqtt DEFAULTS = new Mqtt(8000, Duration.ofSeconds(1), Duration.ofSeconds(30), "tsunagu-web-");

    @Test
    void defaultsAreAccepted() {
        assertThatCode(() -> DashboardSettings.check(DEFAULTS)).doesNotThrowAnyException();
    }

    @Test
    void clientIdPrefixMustLeaveRoomForTheSuffix() {
        Mqtt longPrefix = new Mqtt(8000, Duration.ofSeconds(1), Duration.ofSeconds(30), "a-sixteen-chars-");

        assertThatThrownBy(() -> DashboardSettings.check(longPrefix))
                .hasMessageContaining("mqtt-client-id-prefix");
    }

    @Test
    void longestWaitMayNotBeShorterThanTheFirst() {
        Mqtt inverted = new Mqtt(8000, Duration.ofSeconds(10), Duration.ofSeconds(1), "p");

        assertThatThrownBy(() -> DashboardSettings.check(inverted)).hasMessageContaining("mqtt-reconnect-max");
    }

    @Test
    void firstWaitMustBePositive() {
        Mqtt zero = new Mqtt(8000, Duration.ZERO, Duration.ofSeconds(1), "p");

        assertThatThrownBy(() -> DashboardSettings.check(zero)).hasMessageContaining("mqtt-reconnect-min");
    }

    @Test
    void portMustBeAPort() {
        Mqtt badPort = new Mqtt(70_000, Duration.ofSeconds(1), Duration.ofSeconds(30), "p");

        assertThatThrownBy(() -> DashboardSettings.check(badPort)).hasMessageContaining("mqtt-websocket-port");
    }

    /** Settings as they would be configured, with the default filters and no configured URL. */
    private record Mqtt(int websocketPort, Duration reconnectMin, Duration reconnectMax, String clientIdPrefix)
            implements FrontendOptions.Mqtt {

        @Override
        public Optional<List<String>> websocketUrls() {
            return Optional.empty();
        }

        @Override
        public String telemetryFilter() {
            return "#";
        }

        @Override
        public String platformFilter() {
            return "$SYS/#";
        }
    }
}
