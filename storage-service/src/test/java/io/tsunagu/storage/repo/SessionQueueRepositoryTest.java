package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionQueueRepository#applyBatch} on PostgreSQL: purge, insert and trim in one transaction, in stream
 * order, applying a redelivered batch again without changing anything. Calls the repository directly, so that the
 * batch, its stream positions and the bound are exactly the ones the test builds.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class SessionQueueRepositoryTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final int BOUND = 1000;

    @Inject
    SessionQueueRepository queue;

    @Inject
    Pool pool;

    private SessionId session;
    private long nextOffset;

    @BeforeEach
    void pickSession() {
        session = new SessionId(TestPublisher.uniqueTenant(), "client-a");
        nextOffset = 0;
    }

    @Test
    void copiesAreStoredInStreamOrderWithTheirColumnsAndRecordBytes() {
        DeliveryEvent qos2 = new DeliveryEvent("routing", List.of(new Recipient(session.clientId(), 2, false,
                List.of(3, 268_435_455))), TestPublisher.event(session.tenant(), "a/1", "x"), DeliveryKind.LIVE,
                new DeliverySource(4, 1234));
        SessionQueueChange first = enqueue(qos2);
        SessionQueueChange second = live("a/2");

        SessionQueueCounts counts = apply(List.of(first, second));

        assertThat(counts).isEqualTo(new SessionQueueCounts(2, 0, 0, 0));
        List<Row> rows = rows(session);
        assertThat(rows).hasSize(2);
        Row row = rows.get(0);
        assertThat(row.getUUID("message_id")).isEqualTo(qos2.publish().messageId());
        assertThat(row.getShort("kind")).isEqualTo((short) DeliveryKind.LIVE.ordinal());
        assertThat(row.getShort("qos")).isEqualTo((short) 2);
        assertThat(row.getArrayOfIntegers("subscription_ids")).containsExactly(3, 268_435_455);
        assertThat(row.getInteger("source_partition")).isEqualTo(4);
        assertThat(row.getLong("source_offset")).isEqualTo(1234);
        assertThat(row.getBuffer("record").getBytes()).isEqualTo(first.record());
        assertThat(rows.get(1).getUUID("message_id")).isEqualTo(second.delivery().publish().messageId());
        assertThat(rows.get(1).getLong("seq")).isGreaterThan(row.getLong("seq"));
        assertThat(position(session)).isEqualTo(second.position());
    }

    @Test
    void purgeFollowedByNewCopiesInOneBatchKeepsOnlyTheNewOnes() {
        apply(List.of(live("old/1"), live("old/2")));
        SessionQueueChange fresh = live("new/1");

        SessionQueueCounts counts = apply(List.of(live("old/3"), purge(), fresh));

        assertThat(counts).isEqualTo(new SessionQueueCounts(1, 0, 2, 0));
        assertThat(messageIds(session)).containsExactly(fresh.delivery().publish().messageId());
    }

    @Test
    void purgeOfOneSessionLeavesTheOthers() {
        SessionId other = new SessionId(session.tenant(), "client-b");
        SessionQueueChange kept = enqueue(copy(other, "b/1", DeliveryKind.LIVE));
        apply(List.of(live("a/1"), kept));

        apply(List.of(purge()));

        assertThat(rows(session)).isEmpty();
        assertThat(messageIds(other)).containsExactly(kept.delivery().publish().messageId());
    }

    @Test
    void redeliveredBatchChangesNothing() {
        List<SessionQueueChange> batch = List.of(live("r/1"), live("r/2"), live("r/3"));
        apply(batch);
        List<Long> seqs = seqs(session);

        SessionQueueCounts again = apply(batch);

        assertThat(again).isEqualTo(new SessionQueueCounts(0, 0, 0, 0));
        assertThat(seqs(session)).isEqualTo(seqs);
    }

    @Test
    void redeliveryAfterTheCopiesWereDeliveredAndDeletedDoesNotQueueThemAgain() {
        List<SessionQueueChange> batch = List.of(live("d/1"), live("d/2"));
        apply(batch);
        queue.deleteUpTo(session, seqs(session).get(1)).await().atMost(WITHIN);

        SessionQueueCounts again = apply(batch);

        assertThat(again).isEqualTo(new SessionQueueCounts(0, 0, 0, 0));
        assertThat(rows(session)).isEmpty();
    }

    @Test
    void redeliveredTombstoneDoesNotPurgeTheCopiesQueuedAfterIt() {
        SessionQueueChange before = live("t/1");
        SessionQueueChange tombstone = purge();
        SessionQueueChange after = live("t/2");
        apply(List.of(before));
        apply(List.of(tombstone));
        apply(List.of(after));
        List<Long> seqs = seqs(session);

        apply(List.of(before));
        SessionQueueCounts replayed = apply(List.of(tombstone));
        apply(List.of(after));

        assertThat(replayed.purged()).isZero();
        assertThat(seqs(session)).isEqualTo(seqs);
        assertThat(messageIds(session)).containsExactly(id(after));
    }

    @Test
    void purgeForgetsTheSessionsPosition() {
        apply(List.of(live("f/1")));

        apply(List.of(purge()));

        assertThat(position(session)).isNull();
    }

    @Test
    void redeliveryOverlappingNewRecordsQueuesOnlyTheNewOnes() {
        SessionQueueChange r1 = live("r/1");
        SessionQueueChange r2 = live("r/2");
        apply(List.of(r1, r2));
        SessionQueueChange r3 = live("r/3");

        SessionQueueCounts counts = apply(List.of(r1, r2, r3));

        assertThat(counts.queued()).isEqualTo(1);
        assertThat(messageIds(session)).containsExactly(id(r1), id(r2), id(r3));
    }

    @Test
    void sameCopyInANewRecordIsQueuedOnce() {
        DeliveryEvent copy = copy(session, "m/1", DeliveryKind.LIVE);
        apply(List.of(enqueue(copy), live("m/2")));

        SessionQueueCounts counts = apply(List.of(enqueue(copy)));

        assertThat(counts.queued()).isZero();
        assertThat(rows(session)).hasSize(2);
    }

    @Test
    void requeuedCopyReplacesTheQueuedLiveCopyInPlace() {
        DeliveryEvent live = copy(session, "m/1", DeliveryKind.LIVE);
        apply(List.of(enqueue(live), live("m/2")));
        List<Long> seqs = seqs(session);
        SessionQueueChange requeued = enqueue(TestPublisher.requeued(live));

        SessionQueueCounts counts = apply(List.of(requeued));

        assertThat(counts).isEqualTo(new SessionQueueCounts(0, 1, 0, 0));
        assertThat(seqs(session)).isEqualTo(seqs);
        Row row = rows(session).get(0);
        assertThat(row.getShort("kind")).isEqualTo((short) DeliveryKind.REQUEUED.ordinal());
        assertThat(row.getBuffer("record").getBytes()).isEqualTo(requeued.record());
        assertThat(row.getInteger("source_partition")).isEqualTo(requeued.delivery().source().partition());
    }

    @Test
    void requeuedCopyStillReplacesTheLiveRowWhenItsBatchRepeatsTheLiveRecord() {
        SessionQueueChange live = enqueue(copy(session, "m/1", DeliveryKind.LIVE));
        SessionQueueChange other = live("m/2");
        apply(List.of(live, other));
        SessionQueueChange requeued = enqueue(TestPublisher.requeued(live.delivery()));

        apply(List.of(live, other, requeued));

        assertThat(rows(session).get(0).getShort("kind")).isEqualTo((short) DeliveryKind.REQUEUED.ordinal());
        assertThat(rows(session)).hasSize(2);
    }

    @Test
    void liveCopyDoesNotReplaceARequeuedRow() {
        DeliveryEvent live = copy(session, "m/1", DeliveryKind.LIVE);
        SessionQueueChange requeued = enqueue(TestPublisher.requeued(live));
        apply(List.of(requeued));

        SessionQueueCounts counts = apply(List.of(enqueue(live)));

        assertThat(counts).isEqualTo(new SessionQueueCounts(0, 0, 0, 0));
        assertThat(rows(session).get(0).getBuffer("record").getBytes()).isEqualTo(requeued.record());
    }

    @Test
    void boundKeepsTheNewestCopiesOfEachSessionAndCountsTheDropped() {
        List<SessionQueueChange> copies = IntStream.range(0, 5).mapToObj(i -> live("b/" + i)).toList();
        apply(copies.subList(0, 2), 3);

        SessionQueueCounts counts = apply(copies.subList(2, 5), 3);

        assertThat(counts).isEqualTo(new SessionQueueCounts(3, 0, 0, 2));
        assertThat(messageIds(session)).containsExactly(id(copies.get(2)), id(copies.get(3)), id(copies.get(4)));
    }

    @Test
    void redeliveryAfterTheBoundDroppedCopiesDoesNotBringThemBack() {
        List<SessionQueueChange> copies = IntStream.range(0, 5).mapToObj(i -> live("b/" + i)).toList();
        assertThat(apply(copies, 3).dropped()).isEqualTo(2);
        List<Long> seqs = seqs(session);

        SessionQueueCounts again = apply(copies, 3);

        assertThat(again).isEqualTo(new SessionQueueCounts(0, 0, 0, 0));
        assertThat(seqs(session)).isEqualTo(seqs);
        assertThat(messageIds(session)).containsExactly(id(copies.get(2)), id(copies.get(3)), id(copies.get(4)));
    }

    @Test
    void pagesAndDeletesFollowSeqOrder() {
        apply(IntStream.range(0, 5).mapToObj(i -> live("p/" + i)).toList());
        List<Long> seqs = seqs(session);

        Page<QueuedRecord> first = queue.find(session, 0, 2).await().atMost(WITHIN);
        Page<QueuedRecord> last = queue.find(session, seqs.get(3), 2).await().atMost(WITHIN);

        assertThat(first.items()).extracting(QueuedRecord::seq).containsExactly(seqs.get(0), seqs.get(1));
        assertThat(first.hasMore()).isTrue();
        assertThat(last.items()).extracting(QueuedRecord::seq).containsExactly(seqs.get(4));
        assertThat(last.hasMore()).isFalse();
        assertThat(queue.deleteUpTo(session, seqs.get(1)).await().atMost(WITHIN)).isEqualTo(2);
        assertThat(seqs(session)).isEqualTo(seqs.subList(2, 5));
        assertThat(queue.deleteUpTo(session, seqs.get(1)).await().atMost(WITHIN)).isZero();
        assertThat(queue.deleteUpTo(session, seqs.get(4)).await().atMost(WITHIN)).isEqualTo(3);
    }

    private SessionQueueCounts apply(List<SessionQueueChange> changes) {
        return apply(changes, BOUND);
    }

    private SessionQueueCounts apply(List<SessionQueueChange> changes, int bound) {
        return queue.applyBatch(changes, bound).await().atMost(WITHIN);
    }

    private SessionQueueChange live(String topic) {
        return enqueue(copy(session, topic, DeliveryKind.LIVE));
    }

    private SessionQueueChange purge() {
        return SessionQueueChange.purge(session, new QueuePosition(0, nextOffset++));
    }

    private SessionQueueChange enqueue(DeliveryEvent copy) {
        return SessionQueueChange.enqueue(copy, DeliveryCodec.encode(copy), new QueuePosition(0, nextOffset++));
    }

    private static DeliveryEvent copy(SessionId session, String topic, DeliveryKind kind) {
        DeliveryEvent live = TestPublisher.queuedCopy(session.tenant(), session.clientId(), topic);
        return kind == DeliveryKind.LIVE ? live : TestPublisher.requeued(live);
    }

    private static UUID id(SessionQueueChange change) {
        return change.delivery().publish().messageId();
    }

    private List<UUID> messageIds(SessionId of) {
        return rows(of).stream().map(row -> row.getUUID("message_id")).toList();
    }

    private List<Long> seqs(SessionId of) {
        return rows(of).stream().map(row -> row.getLong("seq")).toList();
    }

    /** The recorded position of {@code of}, null when it has none. */
    private QueuePosition position(SessionId of) {
        List<QueuePosition> found = new ArrayList<>();
        pool.preparedQuery("SELECT * FROM session_queue_position WHERE tenant = $1 AND client_id = $2")
                .execute(Tuple.of(of.tenant(), of.clientId()))
                .await().atMost(WITHIN)
                .forEach(row -> found.add(new QueuePosition(row.getInteger("queue_partition"),
                        row.getLong("queue_offset"))));
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Row> rows(SessionId of) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT * FROM session_queue WHERE tenant = $1 AND client_id = $2 ORDER BY seq")
                .execute(Tuple.of(of.tenant(), of.clientId()))
                .await().atMost(WITHIN)
                .forEach(rows::add);
        return rows;
    }
}
