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
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.CommittedOffsets;
import io.tsunagu.storage.TestPublisher;
import io.tsunagu.storage.sink.SessionQueueSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.RecordMetadata;
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
                        "SmallRye Reactive Messaging - readiness check", "Publish-stream sink",
                        "Retained-stream sink", "Session-queue sink")));
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

        assertThat(counter(metrics, storage("tsunagu_messages_in_total"))).isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, storage("tsunagu_messages_stored_total"))).isGreaterThanOrEqualTo(1);
        // awaitStored read the message back over REST: it left storage once.
        assertThat(counter(metrics, storage("tsunagu_messages_out_total"))).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains(storage("tsunagu_messages_duplicates_total"),
                stream("tsunagu_messages_poison_total", Streams.PUBLISH),
                stream("tsunagu_storage_batch_duration_seconds_count", Streams.PUBLISH),
                stream("tsunagu_storage_batch_size_count", Streams.PUBLISH),
                stream("tsunagu_storage_batch_failures_total", Streams.PUBLISH));
    }

    @Test
    void metricsCountRetainedUpsertsAndDeletes() {
        double upsertsBefore = counter(metricsText(), storage("tsunagu_retained_upserts_total"));
        double deletesBefore = counter(metricsText(), storage("tsunagu_retained_deletes_total"));
        publisher.retain(TestPublisher.retainedEvent(tenant, "metrics/r", "1"));
        awaitRetained("metrics/r", 1);
        publisher.clearRetained(tenant, "metrics/r");
        awaitRetained("metrics/r", 0);

        String metrics = metricsText();

        assertThat(counter(metrics, storage("tsunagu_retained_upserts_total"))).isGreaterThan(upsertsBefore);
        assertThat(counter(metrics, storage("tsunagu_retained_deletes_total"))).isGreaterThan(deletesBefore);
        assertThat(metrics).contains(stream("tsunagu_messages_poison_total", Streams.RETAINED),
                stream("tsunagu_storage_batch_duration_seconds_count", Streams.RETAINED),
                stream("tsunagu_storage_batch_size_count", Streams.RETAINED),
                stream("tsunagu_storage_batch_failures_total", Streams.RETAINED));
    }

    @Test
    void metricsCountQueuedAndPurgedSessionQueueCopies() {
        double queuedBefore = counter(metricsText(), storage("tsunagu_storage_session_queue_queued_total"));
        double purgedBefore = counter(metricsText(), storage("tsunagu_storage_session_queue_purged_total"));
        RecordMetadata copy = publisher.queue(TestPublisher.queuedCopy(tenant, "c-1", "metrics/q"));
        awaitSessionQueue(copy);
        awaitSessionQueue(publisher.purgeQueue(tenant, "c-1"));

        String metrics = metricsText();

        assertThat(counter(metrics, storage("tsunagu_storage_session_queue_queued_total")))
                .isGreaterThan(queuedBefore);
        assertThat(counter(metrics, storage("tsunagu_storage_session_queue_purged_total")))
                .isGreaterThan(purgedBefore);
        assertThat(metrics).contains(storage("tsunagu_storage_session_queue_dropped_total"),
                stream("tsunagu_messages_poison_total", Streams.SESSION_QUEUE),
                stream("tsunagu_storage_batch_duration_seconds_count", Streams.SESSION_QUEUE),
                stream("tsunagu_storage_batch_size_count", Streams.SESSION_QUEUE),
                stream("tsunagu_storage_batch_failures_total", Streams.SESSION_QUEUE));
    }

    @Test
    void undecodableRecordIsSkippedAndCountedWhileLaterRecordsAreStored() {
        String poison = stream("tsunagu_messages_poison_total", Streams.PUBLISH);
        double poisonBefore = counter(metricsText(), poison);
        // Same key as the valid record after it: same partition, so the poison record is processed first.
        byte[] garbage = "not a publish record".getBytes(StandardCharsets.UTF_8);
        publisher.send(Streams.publishKey(tenant, "poison/t"), garbage);
        publisher.publish(TestPublisher.event(tenant, "poison/t", "after the poison"));

        awaitStored("poison/t");

        assertThat(counter(metricsText(), poison)).isGreaterThan(poisonBefore);
    }

    @Test
    void undecodableRetainedRecordIsSkippedAndCountedWhileLaterRecordsAreApplied() {
        String poison = stream("tsunagu_messages_poison_total", Streams.RETAINED);
        double poisonBefore = counter(metricsText(), poison);
        // Same key as the valid record after it: same partition, so the poison record is processed first.
        publisher.sendRetained(Streams.publishKey(tenant, "poison/r"),
                "not a publish record".getBytes(StandardCharsets.UTF_8));
        publisher.retain(TestPublisher.retainedEvent(tenant, "poison/r", "after the poison"));

        awaitRetained("poison/r", 1);

        assertThat(counter(metricsText(), poison)).isGreaterThan(poisonBefore);
    }

    @Test
    void retainedRecordUnderTheKeyOfAnotherTopicIsSkippedAsPoison() {
        String poison = stream("tsunagu_messages_poison_total", Streams.RETAINED);
        double poisonBefore = counter(metricsText(), poison);
        publisher.sendRetained(Streams.publishKey(tenant, "poison/key"),
                PublishCodec.encode(TestPublisher.retainedEvent(tenant, "poison/other", "misfiled")));
        publisher.retain(TestPublisher.retainedEvent(tenant, "poison/key", "after the poison"));

        awaitRetained("poison/key", 1);

        assertThat(counter(metricsText(), poison)).isGreaterThan(poisonBefore);
        assertThat(given().queryParam("tenant", tenant).queryParam("topic", "poison/other").get("/api/retained")
                .then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
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
                .body("paths.'/api/retained'.get.summary", notNullValue())
                .body("paths.'/internal/session-queue'.get.summary", notNullValue())
                .body("paths.'/internal/session-queue'.delete.summary", notNullValue())
                .body("paths.'/internal/session-queue'.get.parameters.name", hasItems("tenant", "clientId", "after",
                        "limit"))
                .body("paths.'/api/messages'.get.parameters.name", hasItems("topic", "filter", "from", "to",
                        "limit", "cursor", "tenant"))
                .body("paths.'/api/retained'.get.parameters.name", hasItems("topic", "filter", "limit", "cursor",
                        "tenant"))
                .body("components.schemas.StatsResponse.properties.retainedMessages.description", notNullValue());
    }

    private void awaitStored(String topic) {
        await().atMost(WITHIN).untilAsserted(() -> given().queryParam("tenant", tenant)
                .queryParam("topic", topic)
                .get("/api/messages")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1)));
    }

    private void awaitRetained(String topic, int count) {
        await().atMost(WITHIN).untilAsserted(() -> given().queryParam("tenant", tenant)
                .queryParam("topic", topic)
                .get("/api/retained")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(count)));
    }

    private static void awaitSessionQueue(RecordMetadata record) {
        await().atMost(WITHIN).until(() -> CommittedOffsets.isPast(SessionQueueSink.CHANNEL, record));
    }

    private static String metricsText() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The series {@code name{service="storage"}}. */
    private static String storage(String name) {
        return name + "{service=\"storage\"}";
    }

    /** The series {@code name{service="storage",stream="..."}} of one sink's meter. */
    private static String stream(String name, String stream) {
        return name + "{service=\"storage\",stream=\"" + stream + "\"}";
    }

    /** The value of {@code series} in a Prometheus text exposition, 0 when absent. */
    private static double counter(String metrics, String series) {
        String prefix = series + " ";
        return metrics.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim()))
                .findFirst()
                .orElse(0);
    }
}
