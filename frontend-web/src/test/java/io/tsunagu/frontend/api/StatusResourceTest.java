package io.tsunagu.frontend.api;

import static io.restassured.RestAssured.given;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.tsunagu.frontend.fake.FakeService;
import io.tsunagu.frontend.fake.FakeServices;
import io.tsunagu.frontend.fake.FakeServicesResource;
import io.tsunagu.frontend.fake.InjectFakeServices;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/status against four fake services (two ingest nodes, routing, storage) on real sockets. */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class StatusResourceTest {

    /** Indexes in "services": the ingest nodes in configured order, then routing, then storage. */
    private static final int INGEST_A = 0;
    private static final int INGEST_B = 1;
    private static final int ROUTING = 2;
    private static final int STORAGE = 3;

    /** A refused connection fails at once; allow for a slow shared machine. */
    private static final long QUICKLY_MILLIS = 2_000;

    @InjectFakeServices
    FakeServices services;

    @BeforeEach
    void everyServiceAnswersUp() {
        services.reset();
        // A fake closed by an earlier test may have left a dead pooled connection behind: wait until all read UP.
        await().atMost(10, SECONDS).untilAsserted(() -> status().body("status", equalTo("UP")));
    }

    @Test
    void everyInstanceIsListedInConfiguredOrder() {
        status().body("services.service", equalTo(List.of("ingest", "ingest", "routing", "storage")))
                .body("services.url", equalTo(services.all().stream().map(FakeService::url).toList()));
    }

    @Test
    void platformIsUpWhenEveryInstanceIsUp() {
        status().body("status", equalTo("UP"))
                .body("services.status", everyItem(equalTo("UP")))
                .body("services.error", everyItem(nullValue()));
    }

    @Test
    void eachInstanceListsItsReadinessChecks() {
        status().body(service(INGEST_A) + ".checks.name", equalTo(List.of(FakeService.CHECK)))
                .body(service(INGEST_A) + ".checks.status", equalTo(List.of("UP")));
    }

    @Test
    void countersAreSummedOverTaggedSeries() {
        status().body(service(INGEST_A) + ".messagesIn", equalTo(10))
                .body(service(INGEST_A) + ".messagesOut", equalTo(4))
                .body(service(ROUTING) + ".messagesOut", equalTo(20));
    }

    @Test
    void labelValuesWithBracesSpacesAndQuotesDoNotConfuseTheSum() {
        status().body(service(INGEST_B) + ".messagesOut", equalTo(6));
    }

    @Test
    void seriesOfAnotherMetricWithTheSamePrefixAreNotCounted() {
        // ingest B also exposes tsunagu_messages_in_total_created, which is not the counter itself
        status().body(service(INGEST_B) + ".messagesIn", equalTo(5));
    }

    @Test
    void platformCountsAddUpTheIngestNodes() {
        status().body("counts.ingestIn", equalTo(15))
                .body("counts.ingestOut", equalTo(10));
    }

    @Test
    void platformCountsTakeRoutingAndStorageFromTheirServices() {
        status().body("counts.routingIn", equalTo(15))
                .body("counts.routingOut", equalTo(20))
                .body("counts.storageStored", equalTo(14));
    }

    @Test
    void counterAServiceDoesNotExposeIsNull() {
        status().body(service(ROUTING) + ".messagesStored", nullValue())
                .body(service(STORAGE) + ".messagesOut", nullValue());
    }

    @Test
    void serviceAnsweringDownIsDownWithItsChecks() {
        services.routing().answerDown();

        status().body("status", equalTo("DOWN"))
                .body(service(ROUTING) + ".status", equalTo("DOWN"))
                .body(service(ROUTING) + ".checks.status", equalTo(List.of("DOWN")))
                .body(service(ROUTING) + ".messagesIn", equalTo(15))
                .body(service(INGEST_A) + ".status", equalTo("UP"));
    }

    @Test
    void unreachableServiceIsDownQuickly() {
        services.storage().refuseConnections();

        status().time(lessThan(QUICKLY_MILLIS))
                .body("status", equalTo("DOWN"))
                .body(service(STORAGE) + ".status", equalTo("DOWN"))
                .body(service(STORAGE) + ".checks", empty())
                .body(service(STORAGE) + ".error", containsString("unreachable"))
                .body("counts.storageStored", nullValue());
    }

    @Test
    void unreachableServiceIsExplainedOnce() {
        services.storage().refuseConnections();

        status().body(service(STORAGE) + ".error", matchesPattern("unreachable: [^;]*"));
    }

    @Test
    void serviceThatNeverAnswersIsDownWithinTheProbeTimeout() {
        services.ingestB().hang();

        status().time(lessThan(FakeServicesResource.PROBE_TIMEOUT_MILLIS + QUICKLY_MILLIS))
                .body(service(INGEST_B) + ".status", equalTo("DOWN"))
                .body(service(INGEST_B) + ".error", containsString("unreachable"))
                .body(service(INGEST_A) + ".status", equalTo("UP"));
    }

    @Test
    void ingestCountsKeepTheNodesThatAnswered() {
        services.ingestB().refuseConnections();

        status().body("counts.ingestIn", equalTo(10))
                .body("counts.ingestOut", equalTo(4));
    }

    @Test
    void readinessAnswerThatIsNotHealthJsonIsDown() {
        FakeService.Reply up = services.ingestA().currentReply();
        services.ingestA().answer(new FakeService.Reply(200, "<html>ok</html>", 200, up.metricsBody(), false));

        status().body(service(INGEST_A) + ".status", equalTo("DOWN"))
                .body(service(INGEST_A) + ".error", containsString("not MicroProfile Health JSON"));
    }

    @Test
    void unexpectedReadinessStatusCodeIsDown() {
        FakeService.Reply up = services.routing().currentReply();
        services.routing().answer(new FakeService.Reply(404, "", 200, up.metricsBody(), false));

        status().body(service(ROUTING) + ".status", equalTo("DOWN"))
                .body(service(ROUTING) + ".error", equalTo("readiness answered HTTP 404"));
    }

    @Test
    void failingMetricsLeaveTheCountsUnknownAndTheHealthAlone() {
        FakeService.Reply up = services.routing().currentReply();
        services.routing().answer(new FakeService.Reply(200, up.readinessBody(), 500, "", false));

        status().body(service(ROUTING) + ".status", equalTo("UP"))
                .body(service(ROUTING) + ".messagesIn", nullValue())
                .body(service(ROUTING) + ".error", equalTo("metrics answered HTTP 500"))
                .body("counts.routingIn", nullValue());
    }

    @Test
    void answerCarriesWhenItWasCheckedAndTheRefreshInterval() {
        status().body("checkedAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"))
                .body("refreshMillis", equalTo((int) FakeServicesResource.REFRESH_MILLIS));
    }

    @Test
    void answerIsNeverCached() {
        status().header("Cache-Control", containsString("no-cache"));
    }

    private static ValidatableResponse status() {
        return given().accept(ContentType.JSON)
                .when()
                .get("/api/status")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON);
    }

    private static String service(int index) {
        return "services[" + index + "]";
    }
}
