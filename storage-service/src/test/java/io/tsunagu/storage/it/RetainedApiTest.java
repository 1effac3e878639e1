package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.CommittedOffsets;
import io.tsunagu.storage.TestPublisher;
import io.tsunagu.storage.TestPublisher.RetainedRecord;
import io.tsunagu.storage.sink.RetainedSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records of the retained stream become the retained messages that {@code GET /api/retained} serves: a record
 * replaces its topic's retained message, a tombstone removes it [MQTT-3.3.1-6].
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class RetainedApiTest {

    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(60);

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
    void retainedMessageOfATopicComesBackWithEveryField() {
        PublishEvent event = TestPublisher.retainedEvent(tenant, "plant/line-1/status", "running");
        Instant beforeApplied = Instant.now();
        publisher.retain(event);

        JsonPath page = awaitItems(Map.of("topic", "plant/line-1/status"), 1);

        assertThat(page.getString("items[0].messageId")).isEqualTo(event.messageId().toString());
        assertThat(page.getString("items[0].tenant")).isEqualTo(tenant);
        assertThat(page.getString("items[0].clientId")).isEqualTo(event.clientId());
        assertThat(page.getString("items[0].topic")).isEqualTo("plant/line-1/status");
        assertThat(page.getInt("items[0].qos")).isEqualTo(1);
        assertThat(Instant.parse(page.getString("items[0].receivedAt"))).isEqualTo(event.receivedAt());
        assertThat(Instant.parse(page.getString("items[0].updatedAt")))
                .isBetween(beforeApplied.minusSeconds(5), Instant.now().plusSeconds(5));
        assertThat(page.getString("items[0].payload")).isEqualTo(Base64.getEncoder().encodeToString(
                "running".getBytes(StandardCharsets.UTF_8)));
        assertThat(page.getString("items[0].payloadUtf8")).isEqualTo("running");
        assertThat(page.getString("nextCursor")).isNull();
    }

    @Test
    void filterSelectsTheMatchingTopicsInTopicOrder() {
        retainAll("site/2/status", "site/1/status", "site/1/x/status", "site/1", "$SYS/site/status");
        awaitItems(Map.of(), 5);

        assertThat(topics(Map.of("filter", "site/+/status"))).containsExactly("site/1/status", "site/2/status");
        assertThat(topics(Map.of("filter", "site/1/#"))).containsExactly("site/1", "site/1/status",
                "site/1/x/status");
        assertThat(topics(Map.of("filter", "+/+/status"))).containsExactly("site/1/status", "site/2/status");
    }

    @Test
    void filterStartingWithAWildcardSkipsDollarTopicsButNoSelectionListsThem() {
        retainAll("$SYS/broker/uptime", "sys/uptime");
        awaitItems(Map.of(), 2);

        assertThat(topics(Map.of("filter", "#"))).containsExactly("sys/uptime");
        assertThat(topics(Map.of("filter", "$SYS/#"))).containsExactly("$SYS/broker/uptime");
        assertThat(topics(Map.of())).containsExactly("$SYS/broker/uptime", "sys/uptime");
    }

    @Test
    void newerRetainedMessageReplacesTheOlderOne() {
        publisher.retain(TestPublisher.retainedEvent(tenant, "door/1", "open"));
        awaitItems(Map.of("topic", "door/1"), 1);
        PublishEvent newer = TestPublisher.retainedEvent(tenant, "door/1", "closed");

        publisher.retain(newer);

        JsonPath page = await().atMost(APPLIED_WITHIN)
                .until(() -> query(Map.of("topic", "door/1")),
                        p -> p.getList("items.payloadUtf8").equals(List.of("closed")));
        assertThat(page.getString("items[0].messageId")).isEqualTo(newer.messageId().toString());
    }

    @Test
    void tombstoneRemovesTheRetainedMessage() {
        publisher.retain(TestPublisher.retainedEvent(tenant, "lamp/1", "on"));
        publisher.retain(TestPublisher.retainedEvent(tenant, "lamp/2", "on"));
        awaitItems(Map.of("filter", "lamp/+"), 2);

        publisher.clearRetained(tenant, "lamp/1");

        assertThat(awaitItems(Map.of("filter", "lamp/+"), 1).getList("items.topic", String.class))
                .containsExactly("lamp/2");
    }

    @Test
    void recordWithAnEmptyPayloadRemovesTheRetainedMessage() {
        publisher.retain(TestPublisher.retainedEvent(tenant, "valve/1", "open"));
        awaitItems(Map.of("topic", "valve/1"), 1);

        RecordMetadata empty = publisher.retain(TestPublisher.retainedEvent(tenant, "valve/1", Payload.empty()));

        await().atMost(APPLIED_WITHIN).until(() -> CommittedOffsets.isPast(RetainedSink.CHANNEL, empty));
        assertThat(query(Map.of("topic", "valve/1")).getList("items")).isEmpty();
    }

    @Test
    void lastOfSeveralRecordsOfATopicWins() {
        PublishEvent last = TestPublisher.retainedEvent(tenant, "burst/a", "a3");
        List<RecordMetadata> sent = publisher.sendRetainedTogether(List.of(
                retained("burst/a", "a1"),
                retained("burst/b", "b1"),
                retained("burst/a", "a2"),
                RetainedRecord.tombstone(tenant, "burst/a"),
                retained("burst/b", "b2"),
                RetainedRecord.of(last),
                RetainedRecord.tombstone(tenant, "burst/b")));

        for (RecordMetadata record : sent) {
            await().atMost(APPLIED_WITHIN).until(() -> CommittedOffsets.isPast(RetainedSink.CHANNEL, record));
        }
        JsonPath page = query(Map.of("filter", "burst/#"));
        assertThat(page.getList("items.topic", String.class)).containsExactly("burst/a");
        assertThat(page.getString("items[0].payloadUtf8")).isEqualTo("a3");
        assertThat(page.getString("items[0].messageId")).isEqualTo(last.messageId().toString());
    }

    @Test
    void binaryPayloadRoundTripsExactlyAndHasNoText() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (255 - i);
        }
        publisher.retain(TestPublisher.retainedEvent(tenant, "bin/all-bytes", Payload.wrap(bytes)));

        JsonPath page = awaitItems(Map.of("topic", "bin/all-bytes"), 1);

        assertThat(Base64.getDecoder().decode(page.getString("items[0].payload"))).isEqualTo(bytes);
        assertThat(page.getString("items[0].payloadUtf8")).isNull();
    }

    @Test
    void pagesFollowEachOtherInTopicOrder() {
        retainAll("p/3", "p/0", "p/4", "p/1", "p/2");
        awaitItems(Map.of(), 5);

        List<String> read = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = query(cursor == null ? Map.of("limit", "2") : Map.of("limit", "2", "cursor", cursor));
            read.addAll(page.getList("items.topic", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertThat(read).containsExactly("p/0", "p/1", "p/2", "p/3", "p/4");
    }

    @Test
    void retainedMessagesOfAnotherTenantAreNotReturned() {
        publisher.retain(TestPublisher.retainedEvent(TestPublisher.uniqueTenant(), "shared/name", "theirs"));
        publisher.retain(TestPublisher.retainedEvent(tenant, "shared/name", "ours"));

        JsonPath page = awaitItems(Map.of("topic", "shared/name"), 1);

        assertThat(page.getList("items.payloadUtf8", String.class)).containsExactly("ours");
    }

    @Test
    void statsCountTheRetainedMessagesOfATenant() {
        retainAll("stats/a", "stats/b", "stats/c");
        awaitItems(Map.of(), 3);
        publisher.clearRetained(tenant, "stats/b");

        JsonPath stats = await().atMost(APPLIED_WITHIN)
                .until(() -> stats(tenant), s -> s.getLong("retainedMessages") == 2);

        assertThat(stats.getLong("storedMessages")).isZero();
        assertThat(JsonPath.from(given().get("/api/stats").then().statusCode(200).extract().asString())
                .getLong("retainedMessages")).isGreaterThanOrEqualTo(2);
    }

    private RetainedRecord retained(String topic, String payload) {
        return RetainedRecord.of(TestPublisher.retainedEvent(tenant, topic, payload));
    }

    private void retainAll(String... topics) {
        for (String topic : topics) {
            publisher.retain(TestPublisher.retainedEvent(tenant, topic, topic));
        }
    }

    /** Waits until the query returns {@code count} items, and returns that page. */
    private JsonPath awaitItems(Map<String, String> params, int count) {
        return await().atMost(APPLIED_WITHIN)
                .until(() -> query(params), page -> page.getList("items").size() == count);
    }

    private List<String> topics(Map<String, String> params) {
        return query(params).getList("items.topic", String.class);
    }

    private JsonPath query(Map<String, String> params) {
        return JsonPath.from(given()
                .queryParam("tenant", tenant)
                .queryParams(params)
                .get("/api/retained")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    private static JsonPath stats(String tenant) {
        return JsonPath.from(given().queryParam("tenant", tenant)
                .get("/api/stats")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }
}
