package io.tsunagu.storage.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The statement {@link SeriesRepository} runs is an index range scan on (tenant, topic, received_at), never a
 * sequential scan of messages, on a table of {@value #ROWS} rows: 20 topics with 10,000 rows each, one every 30
 * seconds, so each topic holds about 3.5 days and the dashboard's 24 hours are a part of it. Asserts on
 * PostgreSQL's plan (EXPLAIN of exactly that statement), never on timing. The rows are written by one
 * generate_series INSERT, directly in SQL, so the setup takes a few seconds; they are deleted afterwards.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeriesPlanTest {

    private static final int ROWS = 200_000;
    private static final int TOPICS = 20;
    private static final String INDEX = "messages_tenant_topic_received_at_value_idx";
    private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
    private static final Duration WITHIN = Duration.ofSeconds(60);

    /**
     * Row i is topic plan/(i mod 20) at START + 30 * (i / 20) seconds. A topic's payloads alternate between a plain
     * number and a JSON object, with the columns the sink would write for them.
     */
    private static final String FILL = """
            INSERT INTO messages (message_id, tenant, client_id, topic, payload, qos, retain, received_at,
                                  numeric_value, numeric_fields)
            SELECT gen_random_uuid(), $1, 'plan-client', 'plan/' || (i % $3), convert_to((i % 100)::text, 'UTF8'),
                   0, false, $2::timestamptz + (i / $3) * interval '30 seconds',
                   CASE WHEN (i / $3) % 2 = 0 THEN i % 100 END,
                   CASE WHEN (i / $3) % 2 = 1 THEN jsonb_build_object('sensor.temp', i % 100) END
            FROM generate_series(0, $4 - 1) AS i
            """;

    @Inject
    Pool pool;

    private final String tenant = TestPublisher.uniqueTenant();

    @BeforeAll
    void fillTable() {
        pool.preparedQuery(FILL)
                .execute(Tuple.of(tenant, START.atOffset(ZoneOffset.UTC), TOPICS, ROWS))
                .await().atMost(WITHIN);
        // Fresh statistics and visibility map, as autovacuum keeps them on a live table.
        pool.query("VACUUM (ANALYZE) messages").execute().await().atMost(WITHIN);
    }

    @AfterAll
    void deleteRows() {
        pool.preparedQuery("DELETE FROM messages WHERE tenant = $1").execute(Tuple.of(tenant)).await().atMost(WITHIN);
    }

    @Test
    void plainNumberSeriesIsAnIndexOnlyRangeScan() {
        List<JsonObject> nodes = plan(query(null));

        assertThat(nodeTypes(nodes)).doesNotContain("Seq Scan");
        assertThat(nodes).anySatisfy(node -> {
            assertThat(node.getString("Node Type")).isEqualTo("Index Only Scan");
            assertThat(node.getString("Index Name")).isEqualTo(INDEX);
        });
    }

    @Test
    void jsonFieldSeriesIsAnIndexRangeScan() {
        List<JsonObject> nodes = plan(query("sensor.temp"));

        assertThat(nodeTypes(nodes)).doesNotContain("Seq Scan");
        assertThat(nodes).anySatisfy(node -> {
            assertThat(node.getString("Node Type")).isIn("Index Scan", "Bitmap Index Scan");
            assertThat(node.getString("Index Name")).isEqualTo(INDEX);
        });
    }

    @Test
    void theExplainedStatementAnswersFromTheGeneratedRows() {
        Series series = new SeriesRepository(pool).aggregate(query(null)).await().atMost(WITHIN);

        // The window holds 24 h of one row every 30 s: 2,880 rows, half of them plain numbers.
        assertThat(series.buckets()).hasSize(300);
        assertThat(series.buckets().stream().mapToLong(SeriesBucket::count).sum()).isEqualTo(1_440);
        assertThat(series.skipped()).isEqualTo(1_440);
    }

    /**
     * A dashboard request: one topic's 24 hours (its second day) in 300 buckets, 2,880 rows, under 1.5% of the
     * table.
     */
    private SeriesQuery query(String field) {
        Instant from = START.plus(Duration.ofDays(1));
        return new SeriesQuery(tenant, "plan/7", from, from.plus(Duration.ofDays(1)), Duration.ofSeconds(288),
                field);
    }

    /** Every node of the plan PostgreSQL chooses for exactly the statement the repository runs. */
    private List<JsonObject> plan(SeriesQuery query) {
        SqlBuilder sql = SeriesRepository.statement(query);
        Object explained = pool.preparedQuery("EXPLAIN (FORMAT JSON) " + sql.sql())
                .execute(sql.tuple())
                .await().atMost(WITHIN)
                .iterator().next()
                .getValue(0);
        JsonObject root = new JsonArray(explained.toString()).getJsonObject(0).getJsonObject("Plan");
        List<JsonObject> nodes = new ArrayList<>();
        collect(root, nodes);
        return nodes;
    }

    private static void collect(JsonObject node, List<JsonObject> nodes) {
        nodes.add(node);
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            for (int i = 0; i < children.size(); i++) {
                collect(children.getJsonObject(i), nodes);
            }
        }
    }

    private static List<String> nodeTypes(List<JsonObject> nodes) {
        return nodes.stream().map(node -> node.getString("Node Type")).toList();
    }
}
