package io.tsunagu.routing.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.NodeTraffic;
import io.tsunagu.routing.session.SessionTable;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The cluster's traffic for {@code $SYS/broker/messages/sent} and {@code $SYS/broker/bytes/...}: the sum over the
 * ingest nodes of the counters in each node's latest heartbeat, as the session table keeps them.
 */
class ClusterTrafficTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SessionTable table = new SessionTable();

    @Test
    void noHeartbeatMeansNoTraffic() {
        assertThat(table.nodeTraffic()).isEqualTo(NodeTraffic.NONE);
    }

    @Test
    void trafficIsTheSumOfEachNodesLatestHeartbeat() {
        table.apply(new NodeEvent("A", 1, T0, new NodeTraffic(1, 10, 100)));
        table.apply(new NodeEvent("A", 1, T0.plusSeconds(5), new NodeTraffic(2, 20, 200)));
        table.apply(new NodeEvent("B", 1, T0, new NodeTraffic(3, 30, 300)));

        assertThat(table.nodeTraffic()).isEqualTo(new NodeTraffic(5, 50, 500));
    }

    @Test
    void heartbeatReadLateDoesNotReplaceALaterOne() {
        table.apply(new NodeEvent("A", 1, T0.plusSeconds(5), new NodeTraffic(2, 20, 200)));
        table.apply(new NodeEvent("A", 1, T0, new NodeTraffic(1, 10, 100)));

        assertThat(table.nodeTraffic()).isEqualTo(new NodeTraffic(2, 20, 200));
    }

    @Test
    void restartedNodeCountsFromItsNewRun() {
        table.apply(new NodeEvent("A", 1, T0, new NodeTraffic(40, 400, 4_000)));
        table.apply(new NodeEvent("A", 2, T0.plusSeconds(1), new NodeTraffic(1, 10, 100)));

        assertThat(table.nodeTraffic()).isEqualTo(new NodeTraffic(1, 10, 100));
    }

    @Test
    void heartbeatOfAnEarlierRunIsIgnored() {
        table.apply(new NodeEvent("A", 2, T0, new NodeTraffic(1, 10, 100)));
        table.apply(new NodeEvent("A", 1, T0.plusSeconds(5), new NodeTraffic(40, 400, 4_000)));

        assertThat(table.nodeTraffic()).isEqualTo(new NodeTraffic(1, 10, 100));
    }

    @Test
    void forgottenNodeLeavesTheSum() {
        table.apply(new NodeEvent("A", 1, T0, new NodeTraffic(1, 10, 100)));
        table.apply(new NodeEvent("B", 1, T0, new NodeTraffic(3, 30, 300)));

        table.forgetNode("A");

        assertThat(table.nodeTraffic()).isEqualTo(new NodeTraffic(3, 30, 300));
    }
}
