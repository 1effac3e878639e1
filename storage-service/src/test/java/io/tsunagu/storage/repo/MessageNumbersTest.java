package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageRepository#insertBatch} stores each payload's numbers with the row, in its one statement per
 * batch. Calls the repository directly, so that the batch is exactly the one the test builds.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class MessageNumbersTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    MessageRepository messages;

    @Inject
    Pool pool;

    private String tenant;

    @BeforeEach
    void pickTenant() {
        tenant = TestPublisher.uniqueTenant();
    }

    @Test
    void eachRowOfABatchGetsTheNumbersOfItsPayload() {
        insert(List.of(event("1", Payload.utf8(" 21.5 ")),
                event("2", Payload.utf8("{\"sensor\":{\"temp\":20},\"id\":\"x\"}")),
                event("3", Payload.wrap(new byte[] {(byte) 0xff, '1'})),
                event("4", Payload.utf8("{\"\\u0000\":1,\"\\ud800\":2}")),
                event("5", Payload.empty())));

        assertThat(stored()).containsExactly(
                "numbers/1 21.5 null",
                "numbers/2 null {\"sensor.temp\": 20.0}",
                "numbers/3 null null",
                "numbers/4 null null",
                "numbers/5 null null");
    }

    @Test
    void batchStoredTwiceKeepsOneRowWithItsNumbers() {
        List<PublishEvent> batch = List.of(event("1", Payload.utf8("7")), event("2", Payload.utf8("{\"t\":8}")));

        assertThat(insert(batch)).isEqualTo(2);
        assertThat(insert(batch)).isZero();
        assertThat(stored()).containsExactly("numbers/1 7.0 null", "numbers/2 null {\"t\": 8.0}");
    }

    private PublishEvent event(String name, Payload payload) {
        return TestPublisher.event(tenant, "numbers/" + name, payload, Instant.parse("2026-05-01T00:00:00Z"));
    }

    private int insert(List<PublishEvent> batch) {
        return messages.insertBatch(batch).await().atMost(WITHIN);
    }

    /** "topic numeric_value numeric_fields" of the tenant's rows, in topic order. */
    private List<String> stored() {
        List<String> rows = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT topic, numeric_value, numeric_fields::text AS fields FROM messages"
                        + " WHERE tenant = $1 ORDER BY topic")
                .execute(Tuple.of(tenant))
                .await().atMost(WITHIN)) {
            rows.add(row.getString("topic") + " " + row.getDouble("numeric_value") + " " + row.getString("fields"));
        }
        return rows;
    }
}
