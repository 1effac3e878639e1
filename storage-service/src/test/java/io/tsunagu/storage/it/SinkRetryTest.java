package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.CommittedOffsets;
import io.tsunagu.storage.TestPublisher;
import io.tsunagu.storage.sink.PublishSink;
import io.tsunagu.storage.sink.RetainedSink;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch that PostgreSQL rejects is retried, not skipped, by either sink: readiness reports that sink DOWN and its
 * offset stays uncommitted meanwhile, and the message is stored (and its offset committed) once PostgreSQL accepts
 * it again. The rejection is real: a trigger raises an error for the tenants listed in a table while the test wants
 * writes to fail.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class SinkRetryTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final List<String> TABLES = List.of("messages", "retained_messages");
    private static final Sink PUBLISH = new Sink("Publish-stream sink", PublishSink.CHANNEL, "/api/messages");
    private static final Sink RETAINED = new Sink("Retained-stream sink", RetainedSink.CHANNEL, "/api/retained");

    @Inject
    Pool pool;

    private TestPublisher publisher;
    private String tenant;

    @BeforeEach
    void installFailingTrigger() {
        publisher = new TestPublisher();
        tenant = TestPublisher.uniqueTenant();
        sql("CREATE TABLE IF NOT EXISTS test_failing_tenants (tenant text PRIMARY KEY)");
        sql("""
                CREATE OR REPLACE FUNCTION test_fail_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM test_failing_tenants WHERE tenant = NEW.tenant) THEN
                        RAISE EXCEPTION 'test: writes of tenant % fail', NEW.tenant;
                    END IF;
                    RETURN NEW;
                END $$""");
        for (String table : TABLES) {
            sql("DROP TRIGGER IF EXISTS test_fail_tenant ON " + table);
            // BEFORE INSERT also fires for INSERT ... ON CONFLICT DO UPDATE, the retained upsert.
            sql("CREATE TRIGGER test_fail_tenant BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION"
                    + " test_fail_tenant()");
        }
    }

    @AfterEach
    void removeFailingTrigger() {
        for (String table : TABLES) {
            sql("DROP TRIGGER IF EXISTS test_fail_tenant ON " + table);
        }
        sql("DELETE FROM test_failing_tenants");
        publisher.close();
    }

    @Test
    void rejectedBatchIsRetriedUntilStoredAndStaysUncommittedAndUnreadyMeanwhile() {
        failWritesOfTenant();

        RecordMetadata record = publisher.publish(TestPublisher.event(tenant, "retry/t", "must not be lost"));

        awaitRetriedUntilApplied(PUBLISH, record, "retry/t");
    }

    @Test
    void rejectedRetainedBatchIsRetriedUntilStoredAndStaysUncommittedAndUnreadyMeanwhile() {
        failWritesOfTenant();

        RecordMetadata record = publisher.retain(TestPublisher.retainedEvent(tenant, "retry/r", "must not be lost"));

        awaitRetriedUntilApplied(RETAINED, record, "retry/r");
    }

    private void failWritesOfTenant() {
        pool.preparedQuery("INSERT INTO test_failing_tenants VALUES ($1)").execute(Tuple.of(tenant))
                .await().indefinitely();
    }

    private void awaitRetriedUntilApplied(Sink sink, RecordMetadata record, String topic) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body(sink.checkStatusPath(), equalTo("DOWN")));
        // While the batch fails its offset is not committed (SmallRye commits acked offsets every second).
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> CommittedOffsets.of(sink.channel(), partition) <= record.offset());

        pool.preparedQuery("DELETE FROM test_failing_tenants WHERE tenant = $1").execute(Tuple.of(tenant))
                .await().indefinitely();

        await().atMost(WITHIN).untilAsserted(() -> given().queryParam("tenant", tenant)
                .queryParam("topic", topic)
                .get(sink.endpoint())
                .then()
                .statusCode(200)
                .body("items.payloadUtf8", hasItem("must not be lost")));
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body(sink.checkStatusPath(), equalTo("UP")));
        await().atMost(WITHIN).until(() -> CommittedOffsets.isPast(sink.channel(), record));
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }

    /** A sink under test: its readiness check, its channel and the endpoint that serves what it writes. */
    private record Sink(String check, String channel, String endpoint) {

        String checkStatusPath() {
            return "checks.find { it.name == '" + check + "' }.status";
        }
    }
}
