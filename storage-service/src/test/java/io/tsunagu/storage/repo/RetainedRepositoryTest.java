package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RetainedRepository#applyBatch} on PostgreSQL: one statement per batch, in which the last change of each
 * topic wins. Calls the repository directly, so that the batch is exactly the one the test builds.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class RetainedRepositoryTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    RetainedRepository retained;

    @Inject
    Pool pool;

    private String tenant;

    @BeforeEach
    void pickTenant() {
        tenant = TestPublisher.uniqueTenant();
    }

    @Test
    void lastOfSeveralChangesOfATopicInOneBatchWins() {
        RetainedChange a3 = replace("a", "a3");
        RetainedCounts counts = apply(List.of(replace("a", "a1"), replace("b", "b1"), replace("a", "a2"),
                remove("b"), remove("a"), remove("c"), replace("c", "c1"), a3));

        assertThat(counts).isEqualTo(new RetainedCounts(2, 0));
        assertThat(payloads()).containsExactly("a3", "c1");
        assertThat(find("a").get(0).messageId()).isEqualTo(a3.message().messageId());
    }

    @Test
    void batchReplacesSomeTopicsAndRemovesOthersInOneStatement() {
        apply(List.of(replace("a", "a1"), replace("b", "b1"), replace("c", "c1")));

        RetainedCounts counts = apply(List.of(replace("a", "a2"), remove("b"), remove("never-retained")));

        assertThat(counts).isEqualTo(new RetainedCounts(1, 1));
        assertThat(payloads()).containsExactly("a2", "c1");
    }

    @Test
    void batchOfRemovalsOnlyDeletesTheRows() {
        apply(List.of(replace("a", "a1"), replace("b", "b1")));

        assertThat(apply(List.of(remove("a"), remove("b")))).isEqualTo(new RetainedCounts(0, 2));
        assertThat(payloads()).isEmpty();
    }

    @Test
    void replacingAMessageMovesUpdatedAtForward() {
        apply(List.of(replace("a", "a1")));
        RetainedMessage first = find("a").get(0);

        apply(List.of(replace("a", "a2")));

        assertThat(find("a").get(0).updatedAt()).isAfterOrEqualTo(first.updatedAt());
        assertThat(find("a").get(0).receivedAt()).isAfterOrEqualTo(first.receivedAt());
    }

    @Test
    void publishRecordIsKeptByteForByte() {
        RetainedChange change = replace("rec", "payload");

        apply(List.of(change));

        byte[] stored = pool.preparedQuery("SELECT record FROM retained_messages WHERE tenant = $1 AND topic = $2")
                .execute(Tuple.of(tenant, "rec"))
                .await().atMost(WITHIN)
                .iterator().next()
                .getBuffer("record").getBytes();
        assertThat(stored).isEqualTo(change.record());
        assertThat(PublishCodec.decode(stored)).isEqualTo(change.message());
    }

    @Test
    void countCoversOneTenantOrAll() {
        apply(List.of(replace("a", "a1"), replace("b", "b1")));

        assertThat(retained.count(tenant).await().atMost(WITHIN)).isEqualTo(2);
        assertThat(retained.count(null).await().atMost(WITHIN)).isGreaterThanOrEqualTo(2);
    }

    private RetainedChange replace(String topic, String payload) {
        PublishEvent event = TestPublisher.retainedEvent(tenant, topic, Payload.utf8(payload));
        return RetainedChange.replace(event, PublishCodec.encode(event));
    }

    private RetainedChange remove(String topic) {
        return RetainedChange.remove(tenant, topic);
    }

    private RetainedCounts apply(List<RetainedChange> changes) {
        return retained.applyBatch(changes).await().atMost(WITHIN);
    }

    private List<RetainedMessage> find(String topic) {
        return retained.find(new TopicQuery(tenant, TopicMatch.exactly(topic), null, 10))
                .await().atMost(WITHIN)
                .items();
    }

    private List<String> payloads() {
        return retained.find(new TopicQuery(tenant, TopicMatch.all(), null, 100))
                .await().atMost(WITHIN)
                .items().stream()
                .map(message -> new String(message.payload(), StandardCharsets.UTF_8))
                .toList();
    }
}
