package io.tsunagu.frontend.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.tsunagu.frontend.fake.FakeServicesResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/config with no WebSocket URL configured: it is derived from the host the browser used. */
@QuarkusTest
@WithTestResource(FakeServicesResource.class)
class ConfigResourceTest {

    @Test
    void webSocketUrlIsDerivedFromTheRequestHost() {
        config("dashboard.example:8080").body("mqtt.urls", equalTo(List.of("ws://dashboard.example:8000/mqtt")));
    }

    @Test
    void derivedUrlFollowsTheHostOfEachRequest() {
        config("10.1.2.3:9999").body("mqtt.urls", equalTo(List.of("ws://10.1.2.3:8000/mqtt")));
    }

    @Test
    void dashboardSubscribesToTelemetryAndTheSysTopics() {
        config("localhost").body("mqtt.telemetryFilter", equalTo("#"))
                .body("mqtt.platformFilter", equalTo("$SYS/#"));
    }

    @Test
    void reconnectBackoffBoundsAreInMilliseconds() {
        config("localhost").body("mqtt.reconnect.minMillis", equalTo(1000))
                .body("mqtt.reconnect.maxMillis", equalTo(30_000));
    }

    @Test
    void clientIdPrefixAndRefreshIntervalsAreGiven() {
        config("localhost").body("mqtt.clientIdPrefix", equalTo("tsunagu-web-"))
                .body("rateWindowMillis", equalTo(10_000))
                .body("statusRefreshMillis", equalTo((int) FakeServicesResource.REFRESH_MILLIS));
    }

    @Test
    void answerIsNeverCached() {
        config("localhost").header("Cache-Control", containsString("no-cache"));
    }

    private static ValidatableResponse config(String host) {
        return given().accept(ContentType.JSON)
                .header("Host", host)
                .when()
                .get("/api/config")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON);
    }
}
