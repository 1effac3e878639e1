package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.ingest.session.InboundWindow.Ack;
import io.tsunagu.ingest.session.InboundWindow.Entry;
import org.junit.jupiter.api.Test;

class InboundWindowTest {

    @Test
    void acksLeaveInArrivalOrderWhenKafkaAnswersOutOfOrder() {
        InboundWindow window = new InboundWindow(10);
        Entry first = window.begin(1, 1);
        Entry second = window.begin(2, 1);
        Entry third = window.begin(3, 1);

        assertThat(window.complete(third, null)).isEmpty();
        assertThat(window.complete(second, null)).isEmpty();
        assertThat(window.complete(first, null)).containsExactly(new Ack(1, null), new Ack(2, null), new Ack(3, null));
        assertThat(window.isEmpty()).isTrue();
    }

    @Test
    void qos0PublishesTakeRoomButProduceNoAck() {
        InboundWindow window = new InboundWindow(2);
        Entry qos0 = window.begin(0, 0);
        Entry qos1 = window.begin(5, 1);

        assertThat(window.isFull()).isTrue();
        assertThat(window.qos1InFlight()).isEqualTo(1);
        assertThat(window.complete(qos1, null)).isEmpty();
        assertThat(window.complete(qos0, null)).containsExactly(new Ack(5, null));
        assertThat(window.isFull()).isFalse();
    }

    @Test
    void refusedPublishIsAnsweredWithItsErrorInOrder() {
        InboundWindow window = new InboundWindow(4);
        Entry accepted = window.begin(1, 1);
        Entry refused = window.begin(2, 1);

        window.complete(refused, IngestError.TOPIC_NAME_INVALID);

        assertThat(window.complete(accepted, null))
                .containsExactly(new Ack(1, null), new Ack(2, IngestError.TOPIC_NAME_INVALID));
    }

    @Test
    void packetIdIsInFlightUntilAcknowledged() {
        InboundWindow window = new InboundWindow(4);
        Entry entry = window.begin(9, 1);

        assertThat(window.isInFlight(9)).isTrue();
        window.complete(entry, null);
        assertThat(window.isInFlight(9)).isFalse();
    }
}
