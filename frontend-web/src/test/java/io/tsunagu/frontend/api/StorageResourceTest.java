package io.tsunagu.frontend.api;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tsunagu.frontend.fake.FakeService;
import io.tsunagu.frontend.fake.FakeServices;
import io.tsunagu.frontend.fake.FakeServicesResource;
import io.tsunagu.frontend.fake.InjectFakeServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /api/series, /api/retained and /api/topics are storage's answers, passed through from a fake storage. */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class StorageResourceTest {

    private static final String SERIES = """
            {"topic":"a/b","from":"2026-01-01T00:00:00Z","to":"2026-01-01T00:15:00Z","bucketWidth":"PT9S",\
            "field":null,"skipped":0,"buckets":[{"start":"2026-01-01T00:00:00Z","min":1.0,"max":3.0,"avg":2.0,\
            "count":3}]}""";
    /** A query as a browser's URLSearchParams writes it: '/' and ':' percent-encoded, '$' too. */
    private static final String SERIES_QUERY = "topic=%24SYS%2Fbroker%2Fuptime&from=2026-01-01T00%3A00%3A00.000Z"
            + "&to=2026-01-01T00%3A15%3A00.000Z&buckets=300&field=sensor.temp";
    private static final long QUICKLY_MILLIS = 2_000;

    @InjectFakeServices
    FakeServices services;

    @BeforeEach
    void storageAnswers() {
        services.reset();
        // a fake closed by an earlier test may have left a dead pooled connection behind: wait until it answers
        await().atMost(10, SECONDS).untilAsserted(() -> get("/api/topics").statusCode(200));
    }

    @Test
    void seriesQueryReachesStorageUnchanged() {
        storage().answerApi(new FakeService.ApiReply(200, "application/json", SERIES));

        get("/api/series?" + SERIES_QUERY).statusCode(200);

        assertThat(storage().lastApiRequest()).isEqualTo("/api/series?" + SERIES_QUERY);
    }

    @Test
    void seriesAnswerComesBackUnchanged() {
        storage().answerApi(new FakeService.ApiReply(200, "application/json", SERIES));

        String body = get("/api/series?topic=a%2Fb").statusCode(200)
                .contentType(containsString("application/json"))
                .extract().asString();

        assertThat(body).isEqualTo(SERIES);
    }

    @Test
    void retainedGoesToStoragesRetainedPath() {
        get("/api/retained?filter=sensors%2F%2B%2Ftemp&limit=100").statusCode(200)
                .body("items.size()", equalTo(0));

        assertThat(storage().lastApiRequest()).isEqualTo("/api/retained?filter=sensors%2F%2B%2Ftemp&limit=100");
    }

    @Test
    void topicsWithoutParametersAsksWithoutAQuery() {
        get("/api/topics").statusCode(200);

        assertThat(storage().lastApiRequest()).isEqualTo("/api/topics");
    }

    @Test
    void storageErrorStatusAndBodyPassThrough() {
        storage().answerApi(new FakeService.ApiReply(400, "application/json",
                "{\"error\":\"invalid_parameter\",\"parameter\":\"limit\",\"message\":\"too big\"}"));

        get("/api/topics?limit=100000").statusCode(400)
                .body("error", equalTo("invalid_parameter"))
                .body("parameter", equalTo("limit"));
    }

    @Test
    void storageContentTypePassesThrough() {
        storage().answerApi(new FakeService.ApiReply(200, "text/plain; charset=utf-8", "plain"));

        get("/api/retained").statusCode(200).contentType(containsString("text/plain")).body(equalTo("plain"));
    }

    @Test
    void unreachableStorageIsABadGatewayWithAJsonError() {
        storage().refuseConnections();

        get("/api/series?topic=a").statusCode(502)
                .time(lessThan(QUICKLY_MILLIS))
                .contentType(containsString("application/json"))
                .body("error", equalTo("storage_unavailable"))
                .body("message", equalTo("storage-service could not be asked: unreachable"));
    }

    @Test
    void storageThatNeverAnswersIsABadGatewayAfterTheTimeout() {
        storage().hang();

        get("/api/retained").statusCode(502)
                .time(lessThan(FakeServicesResource.STORAGE_TIMEOUT_MILLIS + QUICKLY_MILLIS))
                .body("error", equalTo("storage_unavailable"))
                .body("message", equalTo("storage-service could not be asked: no answer within "
                        + FakeServicesResource.STORAGE_TIMEOUT_MILLIS + " ms"));
    }

    @Test
    void failuresAreCounted() {
        storage().refuseConnections();

        get("/api/topics").statusCode(502);

        get("/q/metrics").statusCode(200)
                .body(containsString("tsunagu_frontend_proxy_failures_total{path=\"/api/topics\",service=\"storage\""));
    }

    @Test
    void answersAreNeverCached() {
        get("/api/topics").header("Cache-Control", containsString("no-cache"));
    }

    private FakeService storage() {
        return services.storage();
    }

    private static ValidatableResponse get(String pathAndQuery) {
        return given().urlEncodingEnabled(false)
                .when()
                .get(pathAndQuery)
                .then();
    }
}
