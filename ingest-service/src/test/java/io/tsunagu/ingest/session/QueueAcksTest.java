package io.tsunagu.ingest.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueueAcksTest {

    @Test
    void onlyTheAcknowledgedPrefixMayBeDeleted() {
        QueueAcks acks = new QueueAcks();
        acks.add(3);
        acks.add(5);
        acks.add(9);

        acks.acknowledge(5);
        assertThat(acks.acknowledgedUpTo()).isZero();
        assertThat(acks.hasUndeleted()).isFalse();

        acks.acknowledge(3);
        assertThat(acks.acknowledgedUpTo()).isEqualTo(5);
        assertThat(acks.undeleted()).isEqualTo(2);
        assertThat(acks.hasOutstanding()).isTrue();
    }

    @Test
    void deletingUpToASequenceNumberLeavesTheRest() {
        QueueAcks acks = new QueueAcks();
        acks.add(1);
        acks.add(2);
        acks.acknowledge(1);
        acks.acknowledge(2);

        acks.deleted(1);

        assertThat(acks.deletedUpTo()).isEqualTo(1);
        assertThat(acks.undeleted()).isEqualTo(1);
        assertThat(acks.hasOutstanding()).isFalse();
    }

    @Test
    void aWithdrawnMessageIsNotWaitedFor() {
        QueueAcks acks = new QueueAcks();
        acks.add(1);
        acks.add(2);

        acks.withdraw(2);
        acks.acknowledge(1);

        assertThat(acks.acknowledgedUpTo()).isEqualTo(1);
        assertThat(acks.hasOutstanding()).isFalse();
    }

    @Test
    void anAcknowledgementOfAnUnknownMessageChangesNothing() {
        QueueAcks acks = new QueueAcks();
        acks.add(4);

        acks.acknowledge(7);

        assertThat(acks.acknowledgedUpTo()).isZero();
        assertThat(acks.hasOutstanding()).isTrue();
    }

    @Test
    void sequenceNumbersMustGrow() {
        QueueAcks acks = new QueueAcks();
        acks.add(4);

        assertThatThrownBy(() -> acks.add(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
