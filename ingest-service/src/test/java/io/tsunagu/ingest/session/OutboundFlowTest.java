package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            flow.enqueue(message, 1);
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

        assertThat(flow.enqueue("a", 1)).isTrue();
        flow.nextToSend();
        assertThat(flow.enqueue("b", 1)).isTrue();
        assertThat(flow.enqueue("c", 1)).isFalse();
    }

    @Test
    void unknownPacketIdIsNotAcknowledged() {
        OutboundFlow<String> flow = new OutboundFlow<>(1, 1);

        assertThat(flow.acknowledge(7)).isFalse();
    }

    @Test
    void abandonReturnsInFlightInSendingOrderThenQueued() {
        OutboundFlow<String> flow = new OutboundFlow<>(3, 5);
        for (String message : List.of("a", "b", "c", "d")) {
            flow.enqueue(message, 1);
        }
        int first = flow.nextToSend().orElseThrow().packetId();
        flow.nextToSend();
        flow.nextToSend();
        flow.acknowledge(first);
        flow.enqueue("e", 1);
        flow.nextToSend();

        OutboundFlow.Unacknowledged<String> unacknowledged = flow.abandon();

        assertThat(unacknowledged.all()).containsExactly("b", "c", "d", "e");
        assertThat(unacknowledged.inFlight()).containsExactly("b", "c", "d");
        assertThat(unacknowledged.queued()).containsExactly("e");
        assertThat(flow.inFlight()).isZero();
        assertThat(flow.queued()).isZero();
    }

    @Test
    void abandonLeavesOutTheQos2MessageWhosePubrecArrived() {
        OutboundFlow<String> flow = new OutboundFlow<>(2, 5);
        flow.enqueue("received", 2);
        flow.enqueue("unanswered", 2);
        int received = flow.nextToSend().orElseThrow().packetId();
        flow.nextToSend();

        flow.receive(received);

        // After PUBREC the client has the message; only PUBCOMP is outstanding (MQTT 5 §4.3.3).
        assertThat(flow.abandon().all()).containsExactly("unanswered");
    }

    @Test
    void abandonReturnsThePacketIdsAwaitingPubcompInSendingOrder() {
        OutboundFlow<String> flow = new OutboundFlow<>(3, 5);
        List.of("a", "b", "c").forEach(message -> flow.enqueue(message, 2));
        int a = flow.nextToSend().orElseThrow().packetId();
        int b = flow.nextToSend().orElseThrow().packetId();
        flow.nextToSend();
        flow.receive(b);
        flow.receive(a);

        OutboundFlow.Unacknowledged<String> unacknowledged = flow.abandon();

        assertThat(unacknowledged.releasing()).containsExactly(a, b);
        assertThat(unacknowledged.all()).containsExactly("c");
        assertThat(flow.awaitingPubcomp()).isEmpty();
    }

    @Test
    void resumedReleasesKeepTheirPacketIdsUntilPubcomp() {
        // A resumed session's QoS 2 messages awaiting PUBCOMP keep their ids in use [MQTT-2.2.1-3].
        OutboundFlow<String> flow = new OutboundFlow<>(5, 5);
        flow.resumeReleases(List.of(2, 1));
        flow.enqueue("new", 2);

        Pending<String> sent = flow.nextToSend().orElseThrow();

        assertThat(sent.packetId()).isEqualTo(3);
        assertThat(flow.awaitingPubcomp()).containsExactly(2, 1);
        assertThat(flow.messageAt(2)).isEmpty();
        assertThat(flow.complete(2)).isTrue();
        assertThat(flow.awaitingPubcomp()).containsExactly(1);
    }

    @Test
    void resumedReleasesHoldTheirPlacesInTheWindow() {
        OutboundFlow<String> flow = new OutboundFlow<>(1, 5);
        flow.resumeReleases(List.of(9));
        flow.enqueue("waits", 1);

        assertThat(flow.nextToSend()).isEmpty();
        assertThat(flow.inFlight()).isOne();
        assertThat(flow.complete(9)).isTrue();
        assertThat(flow.nextToSend()).map(Pending::message).contains("waits");
    }

    @Test
    void repeatedPubrecForAResumedReleaseGetsPubrelAgain() {
        OutboundFlow<String> flow = new OutboundFlow<>(2, 0);
        flow.resumeReleases(List.of(4));

        assertThat(flow.receive(4)).isTrue();
        assertThat(flow.acknowledge(4)).isFalse();
        assertThat(flow.abandon().releasing()).containsExactly(4);
    }

    @Test
    void resumingAnIdAlreadyInFlightKeepsItsMessage() {
        OutboundFlow<String> flow = new OutboundFlow<>(2, 0);
        flow.enqueue("sent", 1);
        int packetId = flow.nextToSend().orElseThrow().packetId();

        flow.resumeReleases(List.of(packetId));

        assertThat(flow.messageAt(packetId)).contains("sent");
        assertThat(flow.acknowledge(packetId)).isTrue();
    }

    @Test
    void resumedReleaseOutOfRangeIsRefused() {
        OutboundFlow<String> flow = new OutboundFlow<>(2, 0);

        assertThatThrownBy(() -> flow.resumeReleases(List.of(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("packet identifier out of range: 0");
    }

    @Test
    void packetIdsWrapAfter65535AndSkipIdsInFlight() {
        OutboundFlow<Integer> flow = new OutboundFlow<>(2, 0);
        flow.enqueue(0, 1);
        int held = flow.nextToSend().orElseThrow().packetId();
        for (int i = 1; i < 70_000; i++) {
            flow.enqueue(i, 1);
            Pending<Integer> pending = flow.nextToSend().orElseThrow();
            assertThat(pending.packetId()).isBetween(1, 65_535).isNotEqualTo(held);
            flow.acknowledge(pending.packetId());
        }
    }

    /**
     * A window and operations on a flow: 0 completes the oldest in flight (PUBACK, or PUBREC then PUBCOMP; enqueues
     * if none is), 1 and 2 enqueue a message of that QoS.
     */
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
        List<Pending<Integer>> inFlight = new ArrayList<>();
        for (int operation : operations) {
            if (operation == 0 && !inFlight.isEmpty()) {
                complete(flow, inFlight.remove(0));
            } else {
                flow.enqueue(operation, Math.max(1, operation));
            }
            for (Optional<Pending<Integer>> next = flow.nextToSend(); next.isPresent(); next = flow.nextToSend()) {
                inFlight.add(next.get());
            }
            Set<Integer> distinct = new HashSet<>(inFlight.stream().map(Pending::packetId).toList());
            assertThat(distinct).hasSameSizeAs(inFlight);
            assertThat(flow.inFlight()).isEqualTo(inFlight.size()).isLessThanOrEqualTo(window);
        }
    }

    private static void complete(OutboundFlow<Integer> flow, Pending<Integer> sent) {
        if (sent.message() == 2) {
            assertThat(flow.receive(sent.packetId())).isTrue();
            assertThat(flow.complete(sent.packetId())).isTrue();
        } else {
            assertThat(flow.acknowledge(sent.packetId())).isTrue();
        }
    }

    @Test
    void qos2MessageHoldsItsPlaceUntilPubcomp() {
        // [MQTT-3.3.4-9]: a QoS 2 message counts until PUBCOMP.
        OutboundFlow<String> flow = new OutboundFlow<>(1, 5);
        flow.enqueue("a", 2);
        flow.enqueue("b", 1);
        int packetId = flow.nextToSend().orElseThrow().packetId();

        assertThat(flow.receive(packetId)).isTrue();
        assertThat(flow.nextToSend()).isEmpty();
        assertThat(flow.complete(packetId)).isTrue();
        assertThat(flow.nextToSend()).map(Pending::message).contains("b");
    }

    @Test
    void pubackDoesNotCompleteAQos2Message() {
        OutboundFlow<String> flow = new OutboundFlow<>(1, 5);
        flow.enqueue("a", 2);
        int packetId = flow.nextToSend().orElseThrow().packetId();

        assertThat(flow.acknowledge(packetId)).isFalse();
        assertThat(flow.complete(packetId)).isFalse();
        assertThat(flow.inFlight()).isEqualTo(1);
    }

    @Test
    void repeatedPubrecIsAnsweredWithPubrelAgain() {
        OutboundFlow<String> flow = new OutboundFlow<>(1, 5);
        flow.enqueue("a", 2);
        int packetId = flow.nextToSend().orElseThrow().packetId();
        flow.receive(packetId);

        assertThat(flow.receive(packetId)).isTrue();
    }

    @Test
    void pubrecForAnUnknownOrQos1PacketIdIsRefused() {
        OutboundFlow<String> flow = new OutboundFlow<>(1, 5);
        flow.enqueue("a", 1);
        int packetId = flow.nextToSend().orElseThrow().packetId();

        assertThat(flow.receive(packetId)).isFalse();
        assertThat(flow.receive(999)).isFalse();
    }

    @Test
    void discardEndsAQos2FlowWhateverItsStage() {
        // A PUBREC with a reason code of 0x80 or more ends the flow (MQTT 5 §4.3.3).
        OutboundFlow<String> flow = new OutboundFlow<>(1, 5);
        flow.enqueue("a", 2);
        int packetId = flow.nextToSend().orElseThrow().packetId();

        assertThat(flow.discard(packetId)).isTrue();
        assertThat(flow.inFlight()).isZero();
    }
}
