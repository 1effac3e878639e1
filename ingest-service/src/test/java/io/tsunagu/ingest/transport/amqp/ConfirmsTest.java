package io.tsunagu.ingest.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.ingest.transport.amqp.Confirms.Confirm;
import org.junit.jupiter.api.Test;

class ConfirmsTest {

    private final Confirms confirms = new Confirms();

    @Test
    void sequenceNumbersStartAtOne() {
        assertThat(confirms.next()).isEqualTo(1);
        assertThat(confirms.next()).isEqualTo(2);
    }

    @Test
    void consecutiveAcksAreCoalescedIntoOneMultipleAck() {
        confirms.next();
        confirms.next();
        confirms.next();
        confirms.settle(1, true);
        confirms.settle(2, true);
        confirms.settle(3, true);

        assertThat(confirms.drain()).containsExactly(new Confirm(3, true, true));
        assertThat(confirms.outstanding()).isZero();
    }

    @Test
    void aSingleAckIsNotMultiple() {
        confirms.next();
        confirms.settle(1, true);

        assertThat(confirms.drain()).containsExactly(new Confirm(1, false, true));
    }

    @Test
    void aSettledPublishWaitsForTheOnesBeforeIt() {
        confirms.next();
        confirms.next();
        confirms.settle(2, true);

        assertThat(confirms.drain()).isEmpty();

        confirms.settle(1, true);
        assertThat(confirms.drain()).containsExactly(new Confirm(2, true, true));
    }

    @Test
    void aNackSplitsTheAcksAroundIt() {
        for (int i = 0; i < 4; i++) {
            confirms.next();
        }
        confirms.settle(1, true);
        confirms.settle(2, false);
        confirms.settle(3, true);
        confirms.settle(4, true);

        assertThat(confirms.drain()).containsExactly(new Confirm(1, false, true), new Confirm(2, false, false),
                new Confirm(4, true, true));
    }

    @Test
    void unknownAndRepeatedOutcomesAreIgnored() {
        confirms.next();
        confirms.settle(7, true);
        confirms.settle(1, false);
        confirms.settle(1, true);

        assertThat(confirms.drain()).containsExactly(new Confirm(1, false, false));
    }
}
