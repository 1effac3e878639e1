package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unusable parameters of {@code GET /api/series} are answered with 400 and a JSON body naming the parameter. */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class SeriesBadRequestTest {

    @Test
    void missingTopicIsRejected() {
        rejected(Map.of()).body("parameter", equalTo("topic")).body("message", containsString("required"));
    }

    @Test
    void emptyTopicIsRejected() {
        rejected(Map.of("topic", "")).body("parameter", equalTo("topic"));
    }

    @Test
    void wildcardTopicIsRejected() {
        rejected(Map.of("topic", "a/+/c")).body("parameter", equalTo("topic"));
        rejected(Map.of("topic", "a/#")).body("parameter", equalTo("topic"));
    }

    @Test
    void topicWithNulIsRejected() {
        rejected(Map.of("topic", "a/\u0000")).body("parameter", equalTo("topic"));
    }

    @Test
    void tenantWithNulIsRejected() {
        rejected(withTopic("tenant", "a\u0000b")).body("parameter", equalTo("tenant"));
    }

    @Test
    void instantsThatAreNotIso8601AreRejected() {
        rejected(withTopic("from", "yesterday")).body("parameter", equalTo("from"))
                .body("message", containsString("ISO-8601"));
        rejected(withTopic("to", "2026-03-01")).body("parameter", equalTo("to"));
    }

    @Test
    void instantsBeyondYear9999AreRejected() {
        rejected(withTopic("to", "+10000-01-01T00:00:00Z")).body("parameter", equalTo("to"));
    }

    @Test
    void emptyOrInvertedWindowIsRejected() {
        rejected(window("2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z")).body("parameter", equalTo("to"));
        rejected(window("2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z")).body("parameter", equalTo("to"))
                .body("message", containsString("must be before"));
    }

    @Test
    void fromInTheFutureWithoutToIsRejected() {
        rejected(withTopic("from", Instant.now().plusSeconds(3600).toString())).body("parameter", equalTo("from"));
    }

    @Test
    void windowLongerThanTheMaximumIsRejected() {
        rejected(window("2026-01-01T00:00:00Z", "2026-02-01T00:00:00.000001Z")).body("parameter", equalTo("from"))
                .body("message", containsString("longer than"));
    }

    @Test
    void bucketsOutOfRangeOrNotANumberAreRejected() {
        rejected(withTopic("buckets", "0")).body("parameter", equalTo("buckets"))
                .body("message", containsString("from 1 to 2000"));
        rejected(withTopic("buckets", "2001")).body("parameter", equalTo("buckets"));
        rejected(withTopic("buckets", "-5")).body("parameter", equalTo("buckets"));
        rejected(withTopic("buckets", "many")).body("parameter", equalTo("buckets"));
        rejected(withTopic("buckets", "99999999999")).body("parameter", equalTo("buckets"));
    }

    @Test
    void fieldThatIsNotADotPathIsRejected() {
        for (String field : new String[] {"a..b", ".a", "a.", "a\u0000", "k" + ".k".repeat(16),
                "x".repeat(257)}) {
            rejected(withTopic("field", field)).body("parameter", equalTo("field"));
        }
    }

    @Test
    void largestWindowAndBucketCountAreAccepted() {
        Map<String, String> params = window("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
        params.put("buckets", "2000");

        given().queryParams(params)
                .get("/api/series")
                .then()
                .statusCode(200)
                .body("bucketWidth", equalTo(1_339_200));
    }

    private static Map<String, String> withTopic(String name, String value) {
        return Map.of("topic", "a/b", name, value);
    }

    private static Map<String, String> window(String from, String to) {
        Map<String, String> params = new HashMap<>();
        params.put("topic", "a/b");
        params.put("from", from);
        params.put("to", to);
        return params;
    }

    private static ValidatableResponse rejected(Map<String, String> params) {
        return given().queryParams(params)
                .get("/api/series")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("invalid_parameter"));
    }
}
