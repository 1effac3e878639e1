package io.tsunagu.routing.dispatch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import org.junit.jupiter.api.Test;

/** The probes and the Prometheus endpoint that Kubernetes and KEDA read. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class HealthAndMetricsTest {

    @Test
    void readinessIsUpOnceTheSessionTableAndRetainedStoreCaughtUpAndKafkaAnswers() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("session table"))
                .body("checks.name", hasItem("retained store"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("checks.name", hasItem("session stream reader"))
                .body("checks.name", hasItem("retained stream reader"));
    }

    @Test
    void metricsExposeTheRoutingMeters() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("tsunagu_messages_in_total{service=\"routing\"}"))
                .body(containsString("tsunagu_messages_out_total{service=\"routing\"}"))
                .body(containsString("tsunagu_routing_deliveries_total"))
                .body(containsString("tsunagu_routing_sessions"))
                .body(containsString("tsunagu_routing_subscriptions"))
                .body(containsString("tsunagu_routing_shared_groups"))
                .body(containsString("tsunagu_routing_shared_handed_back_total{outcome=\"routed\"}"))
                .body(containsString("tsunagu_routing_shared_handed_back_total{outcome=\"dropped\"}"))
                .body(containsString("tsunagu_routing_latency_seconds_count"))
                .body(containsString("tsunagu_routing_retained_messages"))
                .body(containsString("tsunagu_routing_retained_deliveries_total"))
                .body(containsString("tsunagu_routing_retained_expired_total"))
                .body(containsString("tsunagu_routing_sessions{state=\"disconnected\"}"))
                .body(containsString("tsunagu_routing_session_queued_total"))
                .body(containsString("tsunagu_messages_dropped_total{reason=\"session-offline\",service=\"routing\"}"))
                .body(containsString("tsunagu_routing_session_handed_back_total{outcome=\"routed\"}"))
                .body(containsString("tsunagu_routing_session_takeovers_total"))
                .body(containsString("tsunagu_routing_session_queue_purges_total"))
                .body(containsString("tsunagu_routing_session_expired_total"))
                .body(containsString("tsunagu_routing_session_wills_total"))
                .body(containsString("tsunagu_routing_nodes_dead_total"));
    }
}
