package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The publish is acked only after every delivery is, and nacked once when any delivery fails. */
class AckGroupTest {

    private final AtomicInteger acks = new AtomicInteger();
    private final List<Throwable> nacks = new ArrayList<>();
    private final AtomicInteger completions = new AtomicInteger();

    private AckGroup group(int size) {
        return new AckGroup(size, this::ack, this::nack, completions::incrementAndGet);
    }

    private CompletionStage<Void> ack() {
        acks.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<Void> nack(Throwable reason) {
        nacks.add(reason);
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void publishIsAckedOnlyAfterTheLastDelivery() {
        AckGroup group = group(3);

        group.ack();
        group.ack();
        assertThat(acks).hasValue(0);

        group.ack();
        assertThat(acks).hasValue(1);
        assertThat(completions).hasValue(1);
    }

    @Test
    void oneFailedDeliveryNacksThePublishOnceAndItIsNeverAcked() {
        AckGroup group = group(3);
        IllegalStateException first = new IllegalStateException("first");

        group.nack(first);
        group.ack();
        group.nack(new IllegalStateException("second"));
        group.ack();

        assertThat(nacks).containsExactly(first);
        assertThat(acks).hasValue(0);
        assertThat(completions).hasValue(0);
    }

    @Test
    void groupNeedsAtLeastOneDelivery() {
        assertThatThrownBy(() -> group(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
