package io.tsunagu.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The traffic counters of a node heartbeat: never negative, summed across nodes. */
class NodeTrafficTest {

    @Test
    void negativeCountersAreRefused() {
        assertThatThrownBy(() -> new NodeTraffic(-1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messagesSent");
        assertThatThrownBy(() -> new NodeTraffic(0, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytesReceived");
        assertThatThrownBy(() -> new NodeTraffic(0, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytesSent");
    }

    @Test
    void sumAddsEachCounter() {
        NodeTraffic sum = new NodeTraffic(1, 20, 300).plus(new NodeTraffic(4, 50, 600));

        assertThat(sum).isEqualTo(new NodeTraffic(5, 70, 900));
    }

    @Test
    void sumStopsAtTheLargestLong() {
        NodeTraffic sum = new NodeTraffic(Long.MAX_VALUE, 1, Long.MAX_VALUE - 1).plus(new NodeTraffic(1, 1, 1));

        assertThat(sum).isEqualTo(new NodeTraffic(Long.MAX_VALUE, 2, Long.MAX_VALUE));
    }

    @Test
    void heartbeatWithoutTrafficCarriesNone() {
        NodeEvent heartbeat = new NodeEvent("node-a", 1, Instant.EPOCH);

        assertThat(heartbeat.traffic()).isEqualTo(NodeTraffic.NONE);
        assertThatThrownBy(() -> new NodeEvent("node-a", 1, Instant.EPOCH, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("traffic");
    }
}
