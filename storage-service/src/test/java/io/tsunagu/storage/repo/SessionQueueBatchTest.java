package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How one batch of session-queue records reduces to purges and inserts, in stream order. */
class SessionQueueBatchTest {

    private static final SessionId A = new SessionId("t", "a");
    private static final SessionId B = new SessionId("t", "b");

    private final AtomicLong offsets = new AtomicLong();

    @Test
    void copiesAreQueuedInStreamOrder() {
        SessionQueueChange a1 = live(A);
        SessionQueueChange b1 = live(B);
        SessionQueueChange a2 = live(A);

        SessionQueueBatch batch = SessionQueueBatch.of(List.of(a1, b1, a2));

        assertThat(batch.queued()).containsExactly(a1, b1, a2);
        assertThat(batch.purged()).isEmpty();
        assertThat(batch.positions()).containsOnly(entry(A, a2.position()), entry(B, b1.position()));
    }

    @Test
    void purgeDropsTheEarlierCopiesOfItsSessionAndKeepsTheLaterOnes() {
        SessionQueueChange b1 = live(B);
        SessionQueueChange tombstone = purge(A);
        SessionQueueChange a3 = live(A);

        SessionQueueBatch batch = SessionQueueBatch.of(List.of(live(A), b1, live(A), tombstone, a3));

        assertThat(batch.purged()).containsOnly(entry(A, tombstone.position()));
        assertThat(batch.queued()).containsExactly(b1, a3);
        assertThat(batch.positions()).containsOnly(entry(A, a3.position()), entry(B, b1.position()));
    }

    @Test
    void purgeAtTheEndLeavesNothingOfItsSession() {
        SessionQueueChange first = purge(A);
        SessionQueueChange last = purge(A);

        SessionQueueBatch batch = SessionQueueBatch.of(List.of(live(A), first, live(A), last));

        assertThat(batch.purged()).containsOnly(entry(A, last.position()));
        assertThat(batch.queued()).isEmpty();
        assertThat(batch.positions()).isEmpty();
    }

    @Test
    void repeatedCopyOfAMessageIsQueuedOnce() {
        SessionQueueChange first = live(A);
        SessionQueueChange other = live(A);

        SessionQueueChange repeat = again(first, DeliveryKind.LIVE);

        SessionQueueBatch batch = SessionQueueBatch.of(List.of(first, other, repeat));

        assertThat(batch.queued()).containsExactly(first, other);
        assertThat(batch.positions()).containsOnly(entry(A, repeat.position()));
    }

    @Test
    void requeuedCopyTakesThePlaceOfTheLiveCopyOfItsMessage() {
        SessionQueueChange live = live(A);
        SessionQueueChange other = live(A);
        SessionQueueChange requeued = again(live, DeliveryKind.REQUEUED);

        SessionQueueBatch batch = SessionQueueBatch.of(List.of(live, other, requeued));

        assertThat(batch.queued()).containsExactly(requeued, other);
    }

    @Test
    void liveCopyDoesNotReplaceARequeuedOne() {
        SessionQueueChange requeued = requeued(A);

        SessionQueueBatch batch = SessionQueueBatch.of(List.of(requeued, again(requeued, DeliveryKind.LIVE)));

        assertThat(batch.queued()).containsExactly(requeued);
    }

    @Test
    void sameMessageForTwoSessionsIsQueuedForEach() {
        SessionQueueChange forA = live(A);
        SessionQueueChange forB = change(B, forA.delivery().publish(), DeliveryKind.LIVE);

        assertThat(SessionQueueBatch.of(List.of(forA, forB)).queued()).containsExactly(forA, forB);
    }

    private SessionQueueChange live(SessionId session) {
        return change(session, publish(), DeliveryKind.LIVE);
    }

    private SessionQueueChange requeued(SessionId session) {
        return change(session, publish(), DeliveryKind.REQUEUED);
    }

    private SessionQueueChange again(SessionQueueChange copy, DeliveryKind kind) {
        return change(copy.session(), copy.delivery().publish(), kind);
    }

    private SessionQueueChange purge(SessionId session) {
        return SessionQueueChange.purge(session, new QueuePosition(0, offsets.incrementAndGet()));
    }

    private SessionQueueChange change(SessionId session, PublishEvent publish, DeliveryKind kind) {
        DeliveryEvent delivery = new DeliveryEvent("routing", List.of(new Recipient(session.clientId(), 1, false)),
                publish, kind, new DeliverySource(0, 7));
        return SessionQueueChange.enqueue(delivery, DeliveryCodec.encode(delivery),
                new QueuePosition(0, offsets.incrementAndGet()));
    }

    private static PublishEvent publish() {
        return new PublishEvent(UUID.randomUUID(), "t", "publisher", "node-a", "a/b", 1, false,
                Instant.parse("2026-05-01T12:00:00Z"), MessageProperties.none(), Payload.utf8("x"));
    }
}
