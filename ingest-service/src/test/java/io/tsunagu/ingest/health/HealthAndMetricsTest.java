package io.tsunagu.ingest.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.transport.MqttListener;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class HealthAndMetricsTest {

    @Inject
    MqttListener listener;

    @Test
    void readinessIsUpOnceTheListenerIsBoundAndKafkaAnswers() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("mqtt-listener"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsExposeMessageCountersConnectionsBytesAndProtocolErrors() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("m"));
        client.connect();
        client.publishWith().topic(MqttClients.uniqueTopic("metrics")).qos(MqttQos.AT_LEAST_ONCE)
                .payload(new byte[] {1}).send();

        given().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("tsunagu_messages_in_total{service=\"ingest\"}"))
                .body(containsString("tsunagu_messages_out_total{service=\"ingest\"}"))
                .body(containsString("tsunagu_messages_dropped_total{reason=\"queue-full\",service=\"ingest\"}"))
                .body(containsString("tsunagu_ingest_connections{service=\"ingest\"}"))
                .body(containsString("tsunagu_ingest_bytes_received_total{service=\"ingest\"}"))
                .body(containsString("tsunagu_ingest_bytes_sent_total{service=\"ingest\"}"))
                .body(containsString("tsunagu_ingest_protocol_errors_total{code=\"ING-1014\""));
        client.disconnect();
    }
}
