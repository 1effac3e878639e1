package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.property.ForAll;
import io.tsunagu.contracts.property.Gen;
import io.tsunagu.ingest.session.OutboundFlow.Pending;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutboundFlowTest {

    @Test
    void atMostTheWindowIsInFlightAndTheRestWaits() {
        OutboundFlow<String> flow = new OutboundFlow<>(2, 10);
        List<Pending<String>> sent = new ArrayList<>();
        for (String message : List.of("a", "b", "c")) {
            flow.enqueue(message);
            flow.nextToSend().ifPresent(sent::add);
        }

        assertThat(sent).extracting(Pending::message).containsExactly("a", "b");
        assertThat(flow.queued()).isEqualTo(1);
        assertThat(flow.acknowledge(sent.get(0).packetId())).isTrue();
        assertThat(flow.nextToSend()).map(Pending::message).contains("c");
    }

    @Test
    void messagesBeyondWindowAndQueueAreRefused() {
        OutboundFlow<String> flow = new OutboundFlow<>(1, 1);

        assertThat(flow.enqueue("a")).isTrue();
        flow.nextToSend();
        assertThat(flow.enqueue("b")).isTrue();
        assertThat(flow.enqueue("c")).isFalse();
    }

    @Test
    void unknownPacketIdIsNotAcknowledged() {
        OutboundFlow<String> flow = new OutboundFlow<>(1, 1);

        assertThat(flow.acknowledge(7)).isFalse();
    }

    @Test
    void abandonReturnsInFlightAndQueued() {
        OutboundFlow<String> flow = new OutboundFlow<>(1, 5);
        flow.enqueue("a");
        flow.nextToSend();
        flow.enqueue("b");

        assertThat(flow.abandon()).containsExactlyInAnyOrder("a", "b");
        assertThat(flow.inFlight()).isZero();
    }

    @Test
    void packetIdsWrapAfter65535AndSkipIdsInFlight() {
        OutboundFlow<Integer> flow = new OutboundFlow<>(2, 0);
        flow.enqueue(0);
        int held = flow.nextToSend().orElseThrow().packetId();
        for (int i = 1; i < 70_000; i++) {
            flow.enqueue(i);
            Pending<Integer> pending = flow.nextToSend().orElseThrow();
            assertThat(pending.packetId()).isBetween(1, 65_535).isNotEqualTo(held);
            flow.acknowledge(pending.packetId());
        }
    }

    /** A window and operations on a flow: 0 acknowledges the oldest in flight (enqueues if none is), 1 and 2
     * enqueue. */
    record Run(int window, List<Integer> operations) {
    }

    @Test
    void inFlightNeverExceedsTheWindowAndIdsAreUnique() {
        ForAll.check(200, Gen.ints(1, 8).with(Gen.ints(0, 2).list(0, 300), Run::new),
                OutboundFlowTest::inFlightNeverExceedsTheWindowAndIdsAreUnique);
    }

    private static void inFlightNeverExceedsTheWindowAndIdsAreUnique(Run run) {
        int window = run.window();
        List<Integer> operations = run.operations();
        OutboundFlow<Integer> flow = new OutboundFlow<>(window, 4);
        List<Integer> inFlight = new ArrayList<>();
        for (int operation : operations) {
            if (operation == 0 && !inFlight.isEmpty()) {
                assertThat(flow.acknowledge(inFlight.remove(0))).isTrue();
            } else {
                flow.enqueue(operation);
            }
            for (Optional<Pending<Integer>> next = flow.nextToSend(); next.isPresent(); next = flow.nextToSend()) {
                inFlight.add(next.get().packetId());
            }
            Set<Integer> distinct = new HashSet<>(inFlight);
            assertThat(distinct).hasSameSizeAs(inFlight);
            assertThat(flow.inFlight()).isEqualTo(inFlight.size()).isLessThanOrEqualTo(window);
        }
    }
}
