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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unusable parameters are answered with 400 and a JSON body naming the parameter and what is wrong. */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class BadRequestTest {

    @Test
    void limitAboveTheMaximumIsRejected() {
        messages(Map.of("topic", "a/b", "limit", "1001"))
                .body("parameter", equalTo("limit"))
                .body("message", containsString("from 1 to 1000"));
    }

    @Test
    void limitThatIsNotANumberIsRejected() {
        messages(Map.of("topic", "a/b", "limit", "ten")).body("parameter", equalTo("limit"));
    }

    @Test
    void zeroLimitIsRejected() {
        messages(Map.of("topic", "a/b", "limit", "0")).body("parameter", equalTo("limit"));
    }

    @Test
    void missingTopicAndFilterIsRejected() {
        messages(Map.of()).body("parameter", equalTo("topic"))
                .body("message", containsString("topic or filter is required"));
    }

    @Test
    void topicAndFilterTogetherAreRejected() {
        messages(Map.of("topic", "a/b", "filter", "a/#")).body("parameter", equalTo("filter"));
    }

    @Test
    void wildcardInATopicIsRejectedWithAHintToUseFilter() {
        messages(Map.of("topic", "a/+/c"))
                .body("parameter", equalTo("topic"))
                .body("message", containsString("use filter="));
    }

    @Test
    void multiLevelWildcardNotLastIsRejected() {
        messages(Map.of("filter", "a/#/c"))
                .body("parameter", equalTo("filter"))
                .body("message", containsString("MQTT-4.7.1-1"));
    }

    @Test
    void partialLevelWildcardIsRejected() {
        messages(Map.of("filter", "a/b+")).body("parameter", equalTo("filter"));
    }

    @Test
    void sharedSubscriptionFilterIsRejected() {
        messages(Map.of("filter", "$share/group/a/#"))
                .body("parameter", equalTo("filter"))
                .body("message", containsString("$share"));
    }

    @Test
    void topicWithNulIsRejected() {
        messages(Map.of("topic", "a/\u0000"))
                .body("parameter", equalTo("topic"))
                .body("message", containsString("U+0000"));
    }

    @Test
    void cursorNotIssuedByTheApiIsRejected() {
        messages(Map.of("topic", "a/b", "cursor", "not-a-cursor!"))
                .body("parameter", equalTo("cursor"));
    }

    @Test
    void instantThatIsNotIso8601IsRejected() {
        messages(Map.of("topic", "a/b", "from", "yesterday"))
                .body("parameter", equalTo("from"))
                .body("message", containsString("ISO-8601"));
    }

    @Test
    void invertedTimeRangeIsRejected() {
        messages(Map.of("topic", "a/b", "from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z"))
                .body("parameter", equalTo("to"));
    }

    @Test
    void tenantWithNulIsRejected() {
        messages(Map.of("topic", "a/b", "tenant", "a\u0000b")).body("parameter", equalTo("tenant"));
    }

    @Test
    void topicsWithPrefixAndFilterTogetherAreRejected() {
        given().queryParams(Map.of("prefix", "a", "filter", "a/#"))
                .get("/api/topics")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_parameter"))
                .body("parameter", equalTo("filter"));
    }

    @Test
    void topicsLimitAboveTheMaximumIsRejected() {
        given().queryParam("limit", "5000")
                .get("/api/topics")
                .then()
                .statusCode(400)
                .body("parameter", equalTo("limit"));
    }

    @Test
    void retainedTopicAndFilterTogetherAreRejected() {
        retained(Map.of("topic", "a/b", "filter", "a/#")).body("parameter", equalTo("filter"));
    }

    @Test
    void retainedMultiLevelWildcardNotLastIsRejected() {
        retained(Map.of("filter", "a/#/c"))
                .body("parameter", equalTo("filter"))
                .body("message", containsString("MQTT-4.7.1-1"));
    }

    @Test
    void retainedWildcardInATopicIsRejected() {
        retained(Map.of("topic", "a/#")).body("parameter", equalTo("topic"));
    }

    @Test
    void retainedLimitOutOfRangeIsRejected() {
        retained(Map.of("limit", "0")).body("parameter", equalTo("limit"));
        retained(Map.of("limit", "1001")).body("parameter", equalTo("limit"));
    }

    @Test
    void retainedCursorNotIssuedByThatEndpointIsRejected() {
        retained(Map.of("cursor", "not-a-cursor!")).body("parameter", equalTo("cursor"));
        // A cursor of /api/messages (kind 1, seq 5) is refused by /api/retained.
        retained(Map.of("cursor", "AQAAAAAAAAAF")).body("parameter", equalTo("cursor"));
    }

    @Test
    void retainedTenantWithNulIsRejected() {
        retained(Map.of("tenant", "a\u0000b")).body("parameter", equalTo("tenant"));
    }

    @Test
    void sessionQueueWithoutClientIdIsRejected() {
        sessionQueueGet(Map.of("tenant", "t")).body("parameter", equalTo("clientId"));
        sessionQueueDelete(Map.of("tenant", "t", "upTo", "5")).body("parameter", equalTo("clientId"));
    }

    @Test
    void sessionQueueClientIdWithNulIsRejected() {
        sessionQueueGet(Map.of("clientId", "a\u0000b")).body("parameter", equalTo("clientId"));
    }

    @Test
    void sessionQueueAfterThatIsNegativeOrNotANumberIsRejected() {
        sessionQueueGet(Map.of("clientId", "c", "after", "-1")).body("parameter", equalTo("after"));
        sessionQueueGet(Map.of("clientId", "c", "after", "first")).body("parameter", equalTo("after"));
    }

    @Test
    void sessionQueueLimitOutOfRangeIsRejected() {
        sessionQueueGet(Map.of("clientId", "c", "limit", "0")).body("parameter", equalTo("limit"));
        sessionQueueGet(Map.of("clientId", "c", "limit", "1001")).body("parameter", equalTo("limit"));
    }

    @Test
    void sessionQueueDeleteWithoutUpToIsRejectedAndDeletesNothing() {
        sessionQueueDelete(Map.of("clientId", "c")).body("parameter", equalTo("upTo"));
        sessionQueueDelete(Map.of("clientId", "c", "upTo", "-3")).body("parameter", equalTo("upTo"));
    }

    private static ValidatableResponse sessionQueueGet(Map<String, String> params) {
        return given().queryParams(params)
                .get("/internal/session-queue")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("invalid_parameter"));
    }

    private static ValidatableResponse sessionQueueDelete(Map<String, String> params) {
        return given().queryParams(params)
                .delete("/internal/session-queue")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("invalid_parameter"));
    }

    private static ValidatableResponse retained(Map<String, String> params) {
        return given().queryParams(params)
                .get("/api/retained")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("invalid_parameter"));
    }

    private static ValidatableResponse messages(Map<String, String> params) {
        return given().queryParams(params)
                .get("/api/messages")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("invalid_parameter"));
    }
}
