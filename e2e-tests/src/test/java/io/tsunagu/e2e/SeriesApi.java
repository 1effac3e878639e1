package io.tsunagu.e2e;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The dashboard's reads of storage's {@code GET /api/series}, through frontend-web as the browser makes them. */
final class SeriesApi {

    private SeriesApi() {
    }

    /**
     * How many numbers storage holds for {@code topic} over the last 15 minutes: the sum of the buckets' counts, of
     * the JSON {@code field} when not null, else of plain-number payloads.
     */
    static long storedNumbers(String frontendUrl, String topic, String field) {
        Instant now = Instant.now();
        var request = given().baseUri(frontendUrl)
                .queryParam("topic", topic)
                .queryParam("from", now.minus(Duration.ofMinutes(15)).toString())
                .queryParam("to", now.plusSeconds(60).toString())
                .queryParam("buckets", 60);
        if (field != null) {
            request = request.queryParam("field", field);
        }
        List<Number> counts = request.get("/api/series").jsonPath().getList("buckets.count");
        return counts.stream().mapToLong(Number::longValue).sum();
    }
}
