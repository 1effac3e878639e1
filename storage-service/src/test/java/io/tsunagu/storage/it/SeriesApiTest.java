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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records produced to the publish stream come back downsampled from {@code GET /api/series}: the sink decides each
 * payload's numbers, PostgreSQL aggregates them per bucket.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class SeriesApiTest {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(60);
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-01T01:00:00Z");
    private static final String TOPIC = "plant/line-1/temperature";

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
    void bucketsHoldExactMinMaxAvgAndCount() {
        publish(TOPIC, "1.5", FROM);
        publish(TOPIC, "2.5", FROM.plus(Duration.ofMinutes(5)));
        publish(TOPIC, "-3.25", FROM.plus(Duration.ofMinutes(15)).minus(1, ChronoUnit.MICROS));
        publish(TOPIC, " 6\n", FROM.plus(Duration.ofMinutes(45)));
        publish(TOPIC, "4", TO.minus(1, ChronoUnit.MICROS));

        JsonPath series = awaitSeries(window(Map.of("buckets", "4")), 5);

        assertThat(series.getLong("bucketWidth")).isEqualTo(Duration.ofMinutes(15).toMillis());
        assertThat(series.getList("buckets.start", String.class))
                .containsExactly("2026-03-01T00:00:00Z", "2026-03-01T00:45:00Z");
        assertThat(series.getDouble("buckets[0].min")).isEqualTo(-3.25);
        assertThat(series.getDouble("buckets[0].max")).isEqualTo(2.5);
        assertThat(series.getDouble("buckets[0].avg")).isEqualTo(0.25);
        assertThat(series.getLong("buckets[0].count")).isEqualTo(3);
        assertThat(series.getDouble("buckets[1].min")).isEqualTo(4.0);
        assertThat(series.getDouble("buckets[1].max")).isEqualTo(6.0);
        assertThat(series.getDouble("buckets[1].avg")).isEqualTo(5.0);
        assertThat(series.getLong("buckets[1].count")).isEqualTo(2);
        assertThat(series.getLong("skipped")).isZero();
    }

    @Test
    void valueExactlyAtABoundaryStartsTheNextBucketAndWindowBoundsAreFromInclusiveToExclusive() {
        publish(TOPIC, "-100", FROM.minus(1, ChronoUnit.MICROS));
        publish(TOPIC, "1", FROM);
        publish(TOPIC, "2", FROM.plus(Duration.ofMinutes(30)).minus(1, ChronoUnit.MICROS));
        publish(TOPIC, "3", FROM.plus(Duration.ofMinutes(30)));
        publish(TOPIC, "100", TO);
        awaitSeries(Map.of("topic", TOPIC, "from", "2026-02-28T00:00:00Z", "to", "2026-03-02T00:00:00Z"), 5);

        JsonPath series = series(window(Map.of("buckets", "2")));

        assertThat(series.getList("buckets.start", String.class))
                .containsExactly("2026-03-01T00:00:00Z", "2026-03-01T00:30:00Z");
        assertThat(series.getList("buckets.count", Long.class)).containsExactly(2L, 1L);
        assertThat(series.getList("buckets.max", Double.class)).containsExactly(2.0, 3.0);
        assertThat(series.getLong("skipped")).isZero();
    }

    @Test
    void nestedJsonFieldIsReadByDotPath() {
        publish(TOPIC, "{\"sensor\":{\"temp\":20.5},\"temp\":1}", FROM);
        publish(TOPIC, "{\"sensor\":{\"temp\":22.5,\"hum\":40}}", FROM.plus(Duration.ofMinutes(1)));
        publish(TOPIC, "{\"sensor\":{\"temp\":\"21\"}}", FROM.plus(Duration.ofMinutes(2)));
        publish(TOPIC, "{\"sensor\":{\"temp\":[21]}}", FROM.plus(Duration.ofMinutes(3)));
        publish(TOPIC, "42", FROM.plus(Duration.ofMinutes(4)));

        JsonPath series = awaitSeries(window(Map.of("buckets", "1", "field", "sensor.temp")), 5);

        assertThat(series.getString("field")).isEqualTo("sensor.temp");
        assertThat(series.getList("buckets.count", Long.class)).containsExactly(2L);
        assertThat(series.getDouble("buckets[0].min")).isEqualTo(20.5);
        assertThat(series.getDouble("buckets[0].max")).isEqualTo(22.5);
        assertThat(series.getDouble("buckets[0].avg")).isEqualTo(21.5);
        assertThat(series.getLong("skipped")).isEqualTo(3);
    }

    @Test
    void topLevelFieldAndPlainNumbersAreSeparateSeries() {
        publish(TOPIC, "{\"sensor\":{\"temp\":20.5},\"temp\":1}", FROM);
        publish(TOPIC, "42", FROM.plus(Duration.ofMinutes(1)));

        JsonPath field = awaitSeries(window(Map.of("buckets", "1", "field", "temp")), 2);
        JsonPath plain = series(window(Map.of("buckets", "1")));

        assertThat(field.getList("buckets.avg", Double.class)).containsExactly(1.0);
        assertThat(field.getLong("skipped")).isEqualTo(1);
        assertThat(plain.getList("buckets.avg", Double.class)).containsExactly(42.0);
        assertThat(plain.getLong("skipped")).isEqualTo(1);
        assertThat(plain.getString("field")).isNull();
    }

    @Test
    void payloadsWithoutANumberAreCountedAsSkippedAndNeverFailTheQuery() {
        publish(TOPIC, Payload.utf8("7"), FROM);
        publish(TOPIC, Payload.utf8("hot"), FROM.plus(Duration.ofMinutes(1)));
        publish(TOPIC, Payload.wrap(new byte[] {(byte) 0xff, (byte) 0xfe, '1'}), FROM.plus(Duration.ofMinutes(2)));
        publish(TOPIC, Payload.wrap(new byte[] {'{', '"', 'a', '"', ':', (byte) 0xc3, '}'}),
                FROM.plus(Duration.ofMinutes(3)));
        publish(TOPIC, Payload.utf8("{\"temp\":"), FROM.plus(Duration.ofMinutes(4)));
        publish(TOPIC, Payload.utf8("NaN"), FROM.plus(Duration.ofMinutes(5)));
        publish(TOPIC, Payload.utf8("1e400"), FROM.plus(Duration.ofMinutes(6)));
        publish(TOPIC, Payload.empty(), FROM.plus(Duration.ofMinutes(7)));

        JsonPath plain = awaitSeries(window(Map.of("buckets", "1")), 8);
        JsonPath field = series(window(Map.of("buckets", "1", "field", "temp")));

        assertThat(plain.getList("buckets.count", Long.class)).containsExactly(1L);
        assertThat(plain.getLong("skipped")).isEqualTo(7);
        assertThat(field.getList("buckets")).isEmpty();
        assertThat(field.getLong("skipped")).isEqualTo(8);
    }

    @Test
    void jsonKeysThatJsonbCannotHoldDoNotFailTheWrite() {
        publish(TOPIC, "{\"\\u0000\":1,\"\\ud800\":2,\"a.b\":3,\"t\":4}", FROM);

        JsonPath series = awaitSeries(window(Map.of("buckets", "1", "field", "t")), 1);

        assertThat(series.getList("buckets.avg", Double.class)).containsExactly(4.0);
    }

    @Test
    void windowWithoutMessagesHasNoBuckets() {
        JsonPath series = series(window(Map.of()));

        assertThat(series.getList("buckets")).isEmpty();
        assertThat(series.getLong("skipped")).isZero();
        assertThat(series.getString("topic")).isEqualTo(TOPIC);
        assertThat(series.getString("from")).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(series.getString("to")).isEqualTo("2026-03-01T01:00:00Z");
        assertThat(series.getLong("bucketWidth")).isEqualTo(12_000);
    }

    @Test
    void otherTenantsAndOtherTopicsAreExcluded() {
        String otherTenant = TestPublisher.uniqueTenant();
        publisher.publish(TestPublisher.event(otherTenant, TOPIC, Payload.utf8("1000"), FROM));
        publish(TOPIC + "/sub", "2000", FROM);
        publish("plant/line-1/temperaturf", "3000", FROM);
        publish(TOPIC, "5", FROM);
        awaitSeries(otherTenant, window(Map.of()), 1);
        awaitSeries(tenant, Map.of("topic", TOPIC + "/sub", "from", FROM.toString(), "to", TO.toString()), 1);
        awaitSeries(tenant, Map.of("topic", "plant/line-1/temperaturf", "from", FROM.toString(),
                "to", TO.toString()), 1);

        JsonPath series = awaitSeries(window(Map.of()), 1);

        assertThat(series.getList("buckets.max", Double.class)).containsExactly(5.0);
    }

    @Test
    void windowDefaultsToTheLast24Hours() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        publish(TOPIC, "12.5", now.minus(Duration.ofHours(1)));
        publish(TOPIC, "99", now.minus(Duration.ofHours(25)));

        JsonPath series = awaitSeries(Map.of("topic", TOPIC), 1);

        Instant from = Instant.parse(series.getString("from"));
        Instant to = Instant.parse(series.getString("to"));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(24));
        assertThat(to).isBetween(now, Instant.now());
        assertThat(series.getLong("bucketWidth")).isEqualTo(Duration.ofHours(24).toMillis() / 300);
        assertThat(series.getList("buckets.avg", Double.class)).containsExactly(12.5);
    }

    private void publish(String topic, String payload, Instant receivedAt) {
        publish(topic, Payload.utf8(payload), receivedAt);
    }

    private void publish(String topic, Payload payload, Instant receivedAt) {
        publisher.publish(TestPublisher.event(tenant, topic, payload, receivedAt));
    }

    private static Map<String, String> window(Map<String, String> params) {
        Map<String, String> all = new HashMap<>(params);
        all.put("topic", TOPIC);
        all.put("from", FROM.toString());
        all.put("to", TO.toString());
        return all;
    }

    /** Waits until the series accounts for {@code messages} stored messages (values and skipped), and returns it. */
    private JsonPath awaitSeries(Map<String, String> params, long messages) {
        return awaitSeries(tenant, params, messages);
    }

    private static JsonPath awaitSeries(String tenant, Map<String, String> params, long messages) {
        return await().atMost(STORED_WITHIN)
                .until(() -> series(tenant, params), series -> accountedFor(series) == messages);
    }

    private static long accountedFor(JsonPath series) {
        List<Long> counts = series.getList("buckets.count", Long.class);
        return series.getLong("skipped") + counts.stream().mapToLong(Long::longValue).sum();
    }

    private JsonPath series(Map<String, String> params) {
        return series(tenant, params);
    }

    private static JsonPath series(String tenant, Map<String, String> params) {
        String body = given()
                .queryParam("tenant", tenant)
                .queryParams(params)
                .get("/api/series")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return JsonPath.from(body);
    }
}
