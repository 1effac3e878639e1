package io.tsunagu.routing.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.dispatch.StreamClients;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /internal/sessions}: read-your-writes answers from the session table, so the request is made right after
 * Kafka acknowledged the event, without waiting for the table.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class SessionResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private StreamClients streams;
    private String tenant;

    @BeforeEach
    void openClients() {
        streams = new StreamClients(bootstrapServers);
        tenant = "api-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeClients() {
        streams.close();
    }

    private SessionEvent event(String clientId, SessionState state) {
        return new SessionEvent(tenant, clientId, "api-node", 1, state,
                state == SessionState.ENDED ? List.of() : List.of(Subscription.of("a/#", 1)), List.of(),
                new SessionPersistence(3_600, Instant.now().truncatedTo(ChronoUnit.MICROS)), null, List.of(7),
                List.of(8, 9));
    }

    private byte[] get(String clientId, int status) {
        return given().queryParam("tenant", tenant).queryParam("clientId", clientId)
                .when().get("/internal/sessions")
                .then().statusCode(status)
                .extract().asByteArray();
    }

    @Test
    void disconnectedSessionIsAnsweredInTheSessionCodecAsSoonAsKafkaAckedIt() {
        streams.send(event("dev/1", SessionState.CONNECTED));
        SessionEvent disconnected = event("dev/1", SessionState.DISCONNECTED);
        streams.send(disconnected);

        assertThat(SessionCodec.decode(get("dev/1", 200))).isEqualTo(disconnected);
    }

    @Test
    void takeoverRequestIsNotAState() {
        SessionEvent connected = event("held", SessionState.CONNECTED);
        // Routing sends the holder a TAKEOVER instruction on its delivery stream, which ingest creates at startup.
        streams.createDeliveryStream("api-node");
        streams.send(connected);
        streams.send(new SessionEvent(tenant, "held", "other-node", 1, SessionState.TAKEOVER, List.of()));

        assertThat(SessionCodec.decode(get("held", 200))).isEqualTo(connected);
    }

    @Test
    void endedSessionIsNotFound() {
        streams.send(event("gone", SessionState.DISCONNECTED));
        streams.send(event("gone", SessionState.ENDED));

        get("gone", 404);
    }

    @Test
    void unknownSessionIsNotFound() {
        get("never", 404);
    }

    @Test
    void missingParametersAreABadRequest() {
        given().queryParam("tenant", tenant).when().get("/internal/sessions").then().statusCode(400);
        given().queryParam("clientId", "c").when().get("/internal/sessions").then().statusCode(400);
    }

    @Test
    void sessionKeysOfOtherTenantsDoNotMix() {
        streams.send(event("same", SessionState.DISCONNECTED));

        given().queryParam("tenant", "other-" + tenant).queryParam("clientId", "same")
                .when().get("/internal/sessions").then().statusCode(404);
        assertThat(Streams.sessionKey(tenant, "same")).isNotEqualTo(Streams.sessionKey("other-" + tenant, "same"));
    }
}
