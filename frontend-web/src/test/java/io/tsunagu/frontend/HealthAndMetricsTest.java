package io.tsunagu.frontend;

import static io.restassured.RestAssured.get;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.frontend.fake.FakeService;
import io.tsunagu.frontend.fake.FakeServices;
import io.tsunagu.frontend.fake.FakeServicesResource;
import io.tsunagu.frontend.fake.InjectFakeServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The frontend's own health and metrics: it is ready whatever the state of the services it shows. */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class HealthAndMetricsTest {

    @InjectFakeServices
    FakeServices services;

    @AfterEach
    void restoreServices() {
        services.reset();
    }

    @Test
    void frontendIsReadyWithItsListenerBound() {
        get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void frontendStaysReadyWhenTheServicesAreDown() {
        services.all().forEach(FakeService::refuseConnections);

        get("/api/status").then().body("status", equalTo("DOWN"));
        get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void frontendIsLive() {
        get("/q/health/live").then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void failedProbesAreCountedPerServiceAndEndpoint() {
        services.storage().refuseConnections();

        get("/api/status").then().statusCode(200);

        await().atMost(5, SECONDS).untilAsserted(() -> get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("tsunagu_frontend_probe_failures_total{endpoint=\"readiness\",service=\"storage\""))
                .body(containsString("tsunagu_frontend_probe_failures_total{endpoint=\"metrics\",service=\"storage\"")));
    }
}
