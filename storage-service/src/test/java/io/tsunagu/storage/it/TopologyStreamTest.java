package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static io.tsunagu.storage.it.TopologyApiTest.binding;
import static io.tsunagu.storage.it.TopologyApiTest.exchange;
import static io.tsunagu.storage.it.TopologyApiTest.queue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import io.tsunagu.storage.TopologyStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every topology change is on the compacted stream tsunagu.topology by the time the API answers: the definition
 * under the entity's key, and a tombstone (null value) when it is gone, bindings removed with their exchange or
 * queue included.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class TopologyStreamTest {

    private static final Duration SEEN_WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TopologyStream stream;
    private String vhost;

    @BeforeEach
    void follow() {
        vhost = "vh-" + UUID.randomUUID();
        stream = new TopologyStream();
    }

    @AfterEach
    void close() {
        stream.close();
    }

    @Test
    void aNewVhostPublishesItsPredeclaredExchanges() throws IOException {
        given().get(TopologyRequests.path(vhost, "")).then().statusCode(200);

        JsonNode topic = valueOf(awaitRecord(key("exchange", "amq.topic")));
        assertThat(topic.get("type").asText()).isEqualTo("topic");
        assertThat(topic.get("durable").asBoolean()).isTrue();
        assertThat(awaitRecord(key("exchange", "")).value()).isNotNull();
    }

    @Test
    void aDeclaredExchangeIsPublishedWithItsDefinition() throws IOException {
        post("/exchanges", exchange("orders", "topic"));

        JsonNode value = valueOf(awaitRecord(key("exchange", "orders")));

        assertThat(value.get("version").asInt()).isEqualTo(1);
        assertThat(value.get("kind").asText()).isEqualTo("exchange");
        assertThat(value.get("vhost").asText()).isEqualTo(vhost);
        assertThat(value.get("type").asText()).isEqualTo("topic");
    }

    @Test
    void aDeclaredQueueIsPublishedWithItsArguments() throws IOException {
        Map<String, Object> request = queue("jobs");
        request.put("arguments", Map.of("x-max-priority", 9));
        post("/queues", request);

        JsonNode value = valueOf(awaitRecord(key("queue", "jobs")));

        assertThat(value.get("kind").asText()).isEqualTo("queue");
        assertThat(value.get("arguments").get("x-max-priority").asInt()).isEqualTo(9);
    }

    @Test
    void aBindingIsPublishedAndItsUnbindIsATombstone() throws IOException {
        post("/queues", queue("q"));
        post("/bindings", binding("amq.topic", "queue", "q", "a.*.c"));
        String bindingKey = key("binding", "amq.topic", "queue", "q", "a.*.c", "{}");
        assertThat(valueOf(awaitRecord(bindingKey)).get("routingKey").asText()).isEqualTo("a.*.c");

        given().contentType(ContentType.JSON).body(binding("amq.topic", "queue", "q", "a.*.c"))
                .post(TopologyRequests.path(vhost, "/bindings/unbind")).then().statusCode(204);

        await().atMost(SEEN_WITHIN).until(() -> stream.latest(bindingKey).orElseThrow().value() == null);
    }

    @Test
    void deletingAnExchangePublishesTombstonesForItAndItsBindings() {
        post("/exchanges", exchange("fan", "fanout"));
        post("/queues", queue("q"));
        post("/bindings", binding("fan", "queue", "q", ""));

        given().delete(TopologyRequests.path(vhost, "/exchanges/fan")).then().statusCode(204);

        String bindingKey = key("binding", "fan", "queue", "q", "", "{}");
        await().atMost(SEEN_WITHIN).until(() -> stream.latest(key("exchange", "fan")).orElseThrow().value() == null);
        assertThat(stream.latest(bindingKey).orElseThrow().value()).isNull();
    }

    @Test
    void deletingAQueuePublishesTombstonesForItAndItsBindings() {
        post("/queues", queue("q"));
        post("/bindings", binding("amq.direct", "queue", "q", "k"));

        given().delete(TopologyRequests.path(vhost, "/queues/q")).then().statusCode(204);

        await().atMost(SEEN_WITHIN).until(() -> stream.latest(key("queue", "q")).orElseThrow().value() == null);
        assertThat(stream.latest(key("binding", "amq.direct", "queue", "q", "k", "{}")).orElseThrow().value())
                .isNull();
    }

    @Test
    void aRefusedDeclareWritesNothing() {
        post("/exchanges", exchange("x", "direct"));
        awaitRecord(key("exchange", "x"));
        int before = stream.seen().size();

        given().contentType(ContentType.JSON).body(exchange("x", "fanout"))
                .post(TopologyRequests.path(vhost, "/exchanges")).then().statusCode(409);
        post("/exchanges", exchange("y", "direct"));

        awaitRecord(key("exchange", "y"));
        assertThat(stream.seen().subList(before, stream.seen().size()))
                .extracting(ConsumerRecord::key)
                .containsExactly(key("exchange", "y"));
    }

    @Test
    void anEquivalentRedeclareWritesTheDefinitionAgain() {
        post("/exchanges", exchange("x", "direct"));
        awaitRecord(key("exchange", "x"));
        int before = stream.seen().size();

        post("/exchanges", exchange("x", "direct"));

        await().atMost(SEEN_WITHIN).until(() -> {
            stream.latest(key("exchange", "x"));
            return stream.seen().size() > before;
        });
        assertThat(stream.seen().get(before).key()).isEqualTo(key("exchange", "x"));
        assertThat(stream.seen().get(before).value()).isNotNull();
    }

    private void post(String rest, Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).post(TopologyRequests.path(vhost, rest))
                .then().statusCode(200);
    }

    private ConsumerRecord<String, byte[]> awaitRecord(String key) {
        return await().atMost(SEEN_WITHIN).until(() -> stream.latest(key), found -> found.isPresent()).orElseThrow();
    }

    private String key(String... parts) {
        return vhost + '\u0000' + String.join("\u0000", parts);
    }

    private static JsonNode valueOf(ConsumerRecord<String, byte[]> record) throws IOException {
        assertThat(record.value()).isNotNull();
        return JSON.readTree(record.value());
    }
}
