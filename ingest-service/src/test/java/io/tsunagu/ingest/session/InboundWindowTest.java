package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.ingest.session.InboundWindow.Ack;
import io.tsunagu.ingest.session.InboundWindow.Entry;
import io.tsunagu.ingest.session.InboundWindow.PacketState;
import io.tsunagu.ingest.session.InboundWindow.Release;
import org.junit.jupiter.api.Test;

class InboundWindowTest {

    @Test
    void acksLeaveInArrivalOrderWhenKafkaAnswersOutOfOrder() {
        // [MQTT-4.6.0-2] PUBACKs and [MQTT-4.6.0-3] PUBRECs in the order the PUBLISHes arrived.
        InboundWindow window = new InboundWindow(10);
        Entry first = window.begin(1, 1);
        Entry second = window.begin(2, 2);
        Entry third = window.begin(3, 1);

        assertThat(window.complete(third, null)).isEmpty();
        assertThat(window.complete(second, null)).isEmpty();
        assertThat(window.complete(first, null))
                .containsExactly(new Ack(1, 1, null), new Ack(2, 2, null), new Ack(3, 1, null));
        assertThat(window.isEmpty()).isTrue();
    }

    @Test
    void qos0PublishesTakeRoomButProduceNoAck() {
        InboundWindow window = new InboundWindow(2);
        Entry qos0 = window.begin(0, 0);
        Entry qos1 = window.begin(5, 1);

        assertThat(window.isFull()).isTrue();
        assertThat(window.unacknowledged()).isEqualTo(1);
        assertThat(window.complete(qos1, null)).isEmpty();
        assertThat(window.complete(qos0, null)).containsExactly(new Ack(5, 1, null));
        assertThat(window.isFull()).isFalse();
    }

    @Test
    void refusedPublishIsAnsweredWithItsErrorInOrder() {
        InboundWindow window = new InboundWindow(4);
        Entry accepted = window.begin(1, 1);
        Entry refused = window.begin(2, 1);

        window.complete(refused, IngestError.TOPIC_NAME_INVALID);

        assertThat(window.complete(accepted, null))
                .containsExactly(new Ack(1, 1, null), new Ack(2, 1, IngestError.TOPIC_NAME_INVALID));
    }

    @Test
    void qos1PacketIdIsInUseUntilAcknowledged() {
        InboundWindow window = new InboundWindow(4);
        Entry entry = window.begin(9, 1);

        assertThat(window.stateOf(9)).isEqualTo(PacketState.QOS1_HANDING_OFF);
        window.complete(entry, null);
        assertThat(window.stateOf(9)).isEqualTo(PacketState.FREE);
    }

    @Test
    void qos2PacketIdStaysInUseAfterPubrecUntilPubrel() {
        // [MQTT-4.3.3-10]: until PUBREL, a PUBLISH with the same identifier is answered with PUBREC only.
        InboundWindow window = new InboundWindow(4);
        Entry entry = window.begin(7, 2);

        assertThat(window.stateOf(7)).isEqualTo(PacketState.QOS2_HANDING_OFF);
        window.complete(entry, null);
        assertThat(window.stateOf(7)).isEqualTo(PacketState.QOS2_AWAITING_RELEASE);
        assertThat(window.isEmpty()).isTrue();
        assertThat(window.release(7)).isEqualTo(Release.RELEASED);
        assertThat(window.stateOf(7)).isEqualTo(PacketState.FREE);
    }

    @Test
    void qos2PublishRefusedInPubrecFreesItsPacketId() {
        // MQTT 5 §4.3.3 [MQTT-4.3.3-9]: after a PUBREC >= 0x80 the identifier starts a new message.
        InboundWindow window = new InboundWindow(4);
        Entry entry = window.begin(7, 2);

        assertThat(window.complete(entry, IngestError.TOPIC_NAME_INVALID))
                .containsExactly(new Ack(7, 2, IngestError.TOPIC_NAME_INVALID));
        assertThat(window.stateOf(7)).isEqualTo(PacketState.FREE);
    }

    @Test
    void pubrelForAnUnknownPacketIdIsNotFound() {
        assertThat(new InboundWindow(4).release(3)).isEqualTo(Release.NOT_FOUND);
    }

    @Test
    void pubrelBeforePubrecIsNotYetReceived() {
        InboundWindow window = new InboundWindow(4);
        window.begin(3, 2);

        assertThat(window.release(3)).isEqualTo(Release.NOT_YET_RECEIVED);
        assertThat(window.stateOf(3)).isEqualTo(PacketState.QOS2_HANDING_OFF);
    }

    @Test
    void receiveMaximumCountsQos2UntilReleasedButHandOffRoomFreesAtPubrec() {
        // [MQTT-3.3.4-7]: QoS 1 and QoS 2 publishes count until PUBACK or PUBCOMP.
        InboundWindow window = new InboundWindow(2);
        Entry qos2 = window.begin(1, 2);
        Entry qos1 = window.begin(2, 1);
        window.complete(qos2, null);
        window.complete(qos1, null);

        assertThat(window.unacknowledged()).isEqualTo(1);
        assertThat(window.isFull()).isFalse();
        window.release(1);
        assertThat(window.unacknowledged()).isZero();
    }

    @Test
    void qos2IdsAwaitingReleaseAreListedAndRestoredOnAnotherConnection() {
        // The session keeps them, so another connection answers a repeated PUBLISH with PUBREC only
        // [MQTT-4.3.3-10] and its PUBREL with PUBCOMP [MQTT-4.3.3-11].
        InboundWindow first = new InboundWindow(10);
        first.complete(first.begin(9, 2), null);
        first.complete(first.begin(7, 2), null);
        first.complete(first.begin(8, 1), null);

        InboundWindow second = new InboundWindow(10);
        second.restorePendingReleases(first.pendingReleases());

        assertThat(first.pendingReleases()).containsExactly(7, 9);
        assertThat(second.stateOf(7)).isEqualTo(PacketState.QOS2_AWAITING_RELEASE);
        assertThat(second.release(7)).isEqualTo(Release.RELEASED);
        assertThat(second.pendingReleases()).containsExactly(9);
    }
}
