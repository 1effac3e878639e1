package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/topics} lists the known topics with counts; {@code GET /api/stats} totals them. */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class TopicsAndStatsApiTest {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(60);

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
    void topicsCarryTheirMessageCountAndLatestReceivedAt() {
        Instant first = Instant.parse("2026-04-01T10:00:00Z");
        publisher.publish(TestPublisher.event(tenant, "count/a", Payload.utf8("1"), first.plusSeconds(60)));
        publisher.publish(TestPublisher.event(tenant, "count/a", Payload.utf8("2"), first));
        publisher.publish(TestPublisher.event(tenant, "count/b", Payload.utf8("3"), first));

        JsonPath page = await().atMost(STORED_WITHIN)
                .until(() -> topics(Map.of()), p -> totalCount(p) == 3);

        assertThat(page.getList("items.topic", String.class)).containsExactly("count/a", "count/b");
        assertThat(page.getLong("items[0].messageCount")).isEqualTo(2);
        assertThat(Instant.parse(page.getString("items[0].lastSeen"))).isEqualTo(first.plusSeconds(60));
        assertThat(page.getString("nextCursor")).isNull();
    }

    @Test
    void topicsAreSelectedByPrefixOrByFilter() {
        for (String topic : List.of("fleet/1/gps", "fleet/2/gps", "fleet/1/fuel", "fleetwood/x")) {
            publisher.publish(TestPublisher.event(tenant, topic, "x"));
        }
        await().atMost(STORED_WITHIN).until(() -> topics(Map.of()).getList("items").size() == 4);

        assertThat(topics(Map.of("prefix", "fleet/")).getList("items.topic", String.class))
                .containsExactly("fleet/1/fuel", "fleet/1/gps", "fleet/2/gps");
        assertThat(topics(Map.of("filter", "fleet/+/gps")).getList("items.topic", String.class))
                .containsExactly("fleet/1/gps", "fleet/2/gps");
    }

    @Test
    void topicPagesFollowEachOther() {
        for (int i = 0; i < 5; i++) {
            publisher.publish(TestPublisher.event(tenant, "p/" + i, "x"));
        }
        await().atMost(STORED_WITHIN).until(() -> topics(Map.of()).getList("items").size() == 5);

        List<String> read = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = topics(cursor == null ? Map.of("limit", "2") : Map.of("limit", "2", "cursor", cursor));
            read.addAll(page.getList("items.topic", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertThat(read).containsExactly("p/0", "p/1", "p/2", "p/3", "p/4");
    }

    @Test
    void statsCountTheStoredMessagesAndTopicsOfATenant() {
        publisher.publish(TestPublisher.event(tenant, "stats/a", "1"));
        publisher.publish(TestPublisher.event(tenant, "stats/a", "2"));
        publisher.publish(TestPublisher.event(tenant, "stats/b", "3"));

        JsonPath stats = await().atMost(STORED_WITHIN)
                .until(() -> stats(tenant), s -> s.getLong("storedMessages") == 3);

        assertThat(stats.getLong("topics")).isEqualTo(2);
    }

    @Test
    void statsWithoutTenantCoverEveryTenant() {
        publisher.publish(TestPublisher.event(tenant, "stats/all", "1"));
        await().atMost(STORED_WITHIN).until(() -> stats(tenant).getLong("storedMessages") == 1);

        JsonPath all = JsonPath.from(given().get("/api/stats").then().statusCode(200).extract().asString());

        assertThat(all.getLong("storedMessages")).isGreaterThanOrEqualTo(1);
        assertThat(all.getLong("topics")).isGreaterThanOrEqualTo(1);
    }

    private static long totalCount(JsonPath page) {
        return page.getList("items.messageCount", Long.class).stream().mapToLong(Long::longValue).sum();
    }

    private JsonPath topics(Map<String, String> params) {
        return JsonPath.from(given().queryParam("tenant", tenant)
                .queryParams(params)
                .get("/api/topics")
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
