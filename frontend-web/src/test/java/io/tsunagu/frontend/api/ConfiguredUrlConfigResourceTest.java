package io.tsunagu.frontend.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.tsunagu.frontend.fake.FakeServicesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /api/config with WebSocket URLs and dashboard settings configured: they are handed out as configured. */
@QuarkusTest
@TestProfile(ConfiguredUrlConfigResourceTest.Configured.class)
@WithTestResource(FakeServicesResource.class)
class ConfiguredUrlConfigResourceTest {

    @Test
    void configuredUrlsAreGivenInOrderWhateverTheRequestHost() {
        given().accept(ContentType.JSON)
                .header("Host", "dashboard.example:8080")
                .when()
                .get("/api/config")
                .then()
                .statusCode(200)
                .body("mqtt.urls", equalTo(List.of("wss://mqtt.example:8443/mqtt", "ws://backup.example:8000/mqtt")));
    }

    @Test
    void configuredFiltersBackoffAndPrefixAreGiven() {
        given().accept(ContentType.JSON)
                .when()
                .get("/api/config")
                .then()
                .statusCode(200)
                .body("mqtt.telemetryFilter", equalTo("sensors/#"))
                .body("mqtt.reconnect.minMillis", equalTo(250))
                .body("mqtt.reconnect.maxMillis", equalTo(5000))
                .body("mqtt.clientIdPrefix", equalTo("ops-"));
    }

    /** Configured URLs, a narrower telemetry filter, a faster backoff and another prefix. */
    public static final class Configured implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tsunagu.frontend.mqtt-websocket-url", "wss://mqtt.example:8443/mqtt, ws://backup.example:8000/mqtt",
                    "tsunagu.frontend.mqtt-telemetry-filter", "sensors/#",
                    "tsunagu.frontend.mqtt-reconnect-min", "250ms",
                    "tsunagu.frontend.mqtt-reconnect-max", "5s",
                    "tsunagu.frontend.mqtt-client-id-prefix", "ops-");
        }
    }
}
