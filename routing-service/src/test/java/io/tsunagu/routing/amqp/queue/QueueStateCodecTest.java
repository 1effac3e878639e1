package io.tsunagu.routing.amqp.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tsunagu.contracts.amqp.ChannelRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueStateCodecTest {

    private static final QueueState STATE = new QueueState(1_000_000, 999_000, new long[] {999_001, 999_005, 999_900},
            999_950, Map.of(0, 17L, 5, 1L << 40),
            List.of(new QueueState.Consumer(new ChannelRef("node-1", "amqp-7", 3), "ctag-\u00e9", 10, 1, 1_700_000L)),
            new QueueState.Counts(42, 7));

    @Test
    void aStateSurvivesEncodingAndDecoding() {
        QueueState decoded = QueueStateCodec.decode(QueueStateCodec.encode(STATE));

        assertThat(decoded.seenUpTo()).isEqualTo(STATE.seenUpTo());
        assertThat(decoded.lowWater()).isEqualTo(STATE.lowWater());
        assertThat(decoded.settled()).containsExactly(STATE.settled());
        assertThat(decoded.deliveredBound()).isEqualTo(STATE.deliveredBound());
        assertThat(decoded.sourceHighWaters()).isEqualTo(STATE.sourceHighWaters());
        assertThat(decoded.consumers()).isEqualTo(STATE.consumers());
        assertThat(decoded.counts()).isEqualTo(STATE.counts());
    }

    @Test
    void nothingDeliveredIsKept() {
        assertThat(QueueStateCodec.decode(QueueStateCodec.encode(QueueState.empty())).deliveredBound()).isEqualTo(-1);
    }

    @Test
    void anUnknownVersionIsRefused() {
        byte[] record = QueueStateCodec.encode(STATE);
        record[0] = 2;

        assertThatThrownBy(() -> QueueStateCodec.decode(record)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2");
    }
}
