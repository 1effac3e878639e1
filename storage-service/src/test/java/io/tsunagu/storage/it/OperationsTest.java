package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health, metrics, OpenAPI, and the handling of records that can never be stored. */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class OperationsTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private TestPublisher publisher;
    private String tenant;

    @BeforeEach
    void openPublisher() {
        publisher = new TestPublisher();
        tenant = TestPublisher.uniqueTenant();
    }

    @AfterEach
    void closePublisher() {
        publisher.close();
    }

    @Test
    void readinessIsUpWithPostgresKafkaAndSinkChecks() {
        await().atMost(WITHIN).untilAsserted(() -> given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check",
                        "SmallRye Reactive Messaging - readiness check", "Publish-stream sink")));
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsExposeTheSinkCountersOnceAMessageIsStored() {
        publisher.publish(TestPublisher.event(tenant, "metrics/t", "1"));
        awaitStored("metrics/t");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(counter(metrics, "tsunagu_messages_in_total")).isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, "tsunagu_messages_stored_total")).isGreaterThanOrEqualTo(1);
        // awaitStored read the message back over REST: it left storage once.
        assertThat(counter(metrics, "tsunagu_messages_out_total")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("tsunagu_messages_duplicates_total{service=\"storage\"}",
                "tsunagu_messages_poison_total{service=\"storage\"}",
                "tsunagu_storage_batch_duration_seconds_count{service=\"storage\"}",
                "tsunagu_storage_batch_size_count{service=\"storage\"}",
                "tsunagu_storage_batch_failures_total{service=\"storage\"}");
    }

    @Test
    void undecodableRecordIsSkippedAndCountedWhileLaterRecordsAreStored() {
        double poisonBefore = counter(metricsText(), "tsunagu_messages_poison_total");
        // Same key as the valid record after it: same partition, so the poison record is processed first.
        byte[] garbage = "not a publish record".getBytes(StandardCharsets.UTF_8);
        publisher.send(Streams.publishKey(tenant, "poison/t"), garbage);
        publisher.publish(TestPublisher.event(tenant, "poison/t", "after the poison"));

        awaitStored("poison/t");

        assertThat(counter(metricsText(), "tsunagu_messages_poison_total")).isGreaterThan(poisonBefore);
    }

    @Test
    void openApiDocumentsTheEndpoints() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/api/messages'.get.summary", notNullValue())
                .body("paths.'/api/topics'.get.summary", notNullValue())
                .body("paths.'/api/stats'.get.summary", notNullValue())
                .body("paths.'/api/messages'.get.parameters.name", hasItems("topic", "filter", "from", "to",
                        "limit", "cursor", "tenant"));
    }

    private void awaitStored(String topic) {
        await().atMost(WITHIN).untilAsserted(() -> given().queryParam("tenant", tenant)
                .queryParam("topic", topic)
                .get("/api/messages")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1)));
    }

    private static String metricsText() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of {@code name{service="storage"}} in a Prometheus text exposition, 0 when absent. */
    private static double counter(String metrics, String name) {
        String prefix = name + "{service=\"storage\"} ";
        return metrics.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim()))
                .findFirst()
                .orElse(0);
    }
}
