package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class KeepAliveTest {

    @Test
    void mqtt5ClientAskingForMoreThanTheMaximumIsToldTheMaximum() {
        KeepAlive keepAlive = KeepAlive.negotiate(5, 7200, 600);

        assertThat(keepAlive.seconds()).isEqualTo(600);
        assertThat(keepAlive.serverKeepAlive()).hasValue(600);
    }

    @Test
    void mqtt5ClientAskingForNoKeepAliveIsToldTheMaximum() {
        assertThat(KeepAlive.negotiate(5, 0, 600).serverKeepAlive()).hasValue(600);
    }

    @Test
    void mqtt5ClientWithinTheMaximumKeepsItsValue() {
        KeepAlive keepAlive = KeepAlive.negotiate(5, 30, 600);

        assertThat(keepAlive.seconds()).isEqualTo(30);
        assertThat(keepAlive.serverKeepAlive()).isEmpty();
    }

    @Test
    void mqtt311ClientKeepsItsOwnValue() {
        assertThat(KeepAlive.negotiate(4, 7200, 600)).isEqualTo(new KeepAlive(7200, OptionalInt.empty()));
    }

    @Test
    void timeoutIsOneAndAHalfTimesTheKeepAlive() {
        assertThat(KeepAlive.negotiate(4, 10, 600).timeout()).contains(Duration.ofSeconds(15));
        assertThat(KeepAlive.negotiate(4, 0, 600).timeout()).isEmpty();
    }
}
