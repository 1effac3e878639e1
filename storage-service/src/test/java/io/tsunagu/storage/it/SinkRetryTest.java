package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch that PostgreSQL rejects is retried, not skipped: readiness reports the sink DOWN and its offset stays
 * uncommitted meanwhile, and the message is stored (and its offset committed) once PostgreSQL accepts it again. The rejection is real: a trigger raises an error for the
 * tenants listed in a table while the test wants writes to fail.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class SinkRetryTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

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
        sql("DROP TRIGGER IF EXISTS test_fail_tenant ON messages");
        sql("CREATE TRIGGER test_fail_tenant BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION"
                + " test_fail_tenant()");
    }

    @AfterEach
    void removeFailingTrigger() {
        sql("DROP TRIGGER IF EXISTS test_fail_tenant ON messages");
        sql("DELETE FROM test_failing_tenants");
        publisher.close();
    }

    @Test
    void rejectedBatchIsRetriedUntilStoredAndStaysUncommittedAndUnreadyMeanwhile() {
        pool.preparedQuery("INSERT INTO test_failing_tenants VALUES ($1)").execute(Tuple.of(tenant))
                .await().indefinitely();
        RecordMetadata record = publisher.publish(TestPublisher.event(tenant, "retry/t", "must not be lost"));
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());

        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'Publish-stream sink' }.status", equalTo("DOWN")));
        // While the batch fails its offset is not committed (SmallRye commits acked offsets every second).
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> committedOffset(partition) <= record.offset());

        pool.preparedQuery("DELETE FROM test_failing_tenants WHERE tenant = $1").execute(Tuple.of(tenant))
                .await().indefinitely();

        await().atMost(WITHIN).untilAsserted(() -> given().queryParam("tenant", tenant)
                .queryParam("topic", "retry/t")
                .get("/api/messages")
                .then()
                .statusCode(200)
                .body("items.payloadUtf8", hasItem("must not be lost")));
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'Publish-stream sink' }.status", equalTo("UP")));
        await().atMost(WITHIN).until(() -> committedOffset(partition) > record.offset());
    }

    /** The storage group's committed offset of {@code partition}, -1 when none. */
    private static long committedOffset(TopicPartition partition) throws Exception {
        Config config = ConfigProvider.getConfig();
        String group = config.getValue("mp.messaging.incoming.publish.group.id", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.getValue("kafka.bootstrap.servers", String.class)))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .get(partition);
            return committed == null ? -1 : committed.offset();
        }
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }
}
