package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.storage.TestPublisher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /internal/amqp/{vhost}} decides exchange and queue declarations, deletions and bindings as RabbitMQ does,
 * with RabbitMQ's reply codes and texts. Each test works in a virtual host of its own.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class TopologyApiTest {

    private String vhost;

    @BeforeEach
    void newVhost() {
        vhost = "vh-" + UUID.randomUUID();
    }

    @Test
    void aNewVhostHasThePredeclaredExchanges() {
        JsonPath topology = list(vhost);

        assertThat(topology.getList("exchanges.name", String.class))
                .containsExactly("", "amq.direct", "amq.fanout", "amq.headers", "amq.match", "amq.topic");
        assertThat(topology.getList("exchanges.type", String.class))
                .containsExactly("direct", "direct", "fanout", "headers", "headers", "topic");
        assertThat(topology.getList("exchanges.durable", Boolean.class)).containsOnly(true);
    }

    @Test
    void theSlashVhostHasThePredeclaredExchanges() {
        assertThat(list("/").getList("exchanges.name", String.class)).contains("", "amq.topic", "amq.match");
    }

    @Test
    void declaringAnExchangeAnswersItsStoredDefinition() {
        JsonPath created = declareExchange(exchange("orders", "topic")).then().statusCode(200).extract().jsonPath();

        assertThat(created.getString("name")).isEqualTo("orders");
        assertThat(created.getString("type")).isEqualTo("topic");
        assertThat(created.getBoolean("durable")).isTrue();
    }

    @Test
    void redeclaringAnEquivalentExchangeIsAccepted() {
        declareExchange(exchange("orders", "topic")).then().statusCode(200);

        declareExchange(exchange("orders", "topic")).then().statusCode(200);
    }

    static Stream<Arguments> inequivalentExchanges() {
        return Stream.of(
                Arguments.of("type", "fanout", "received 'fanout' but current is 'direct'"),
                Arguments.of("durable", false, "received 'false' but current is 'true'"),
                Arguments.of("autoDelete", true, "received 'true' but current is 'false'"),
                Arguments.of("internal", true, "received 'true' but current is 'false'"));
    }

    @ParameterizedTest
    @MethodSource("inequivalentExchanges")
    void redeclaringAnExchangeWithAnotherPropertyIsPreconditionFailed(String field, Object value, String tail) {
        declareExchange(exchange("x", "direct")).then().statusCode(200);
        Map<String, Object> other = exchange("x", "direct");
        other.put(field, value);

        JsonPath reply = declareExchange(other).then().statusCode(409).extract().jsonPath();

        String name = "autoDelete".equals(field) ? "auto_delete" : field;
        assertThat(reply.getInt("replyCode")).isEqualTo(406);
        assertThat(reply.getString("replyText")).isEqualTo("PRECONDITION_FAILED - inequivalent arg '" + name
                + "' for exchange 'x' in vhost '" + vhost + "': " + tail);
    }

    @Test
    void redeclaringAnExchangeWithAnotherAlternateExchangeIsPreconditionFailed() {
        declareExchange(exchange("x", "direct")).then().statusCode(200);
        Map<String, Object> other = exchange("x", "direct");
        other.put("arguments", Map.of("alternate-exchange", "ae"));

        assertThat(replyText(declareExchange(other), 409)).isEqualTo("PRECONDITION_FAILED - inequivalent arg"
                + " 'alternate-exchange' for exchange 'x' in vhost '" + vhost + "': received the value 'ae' of type"
                + " 'longstr' but current is none");
    }

    @Test
    void passiveDeclareOfAMissingExchangeIsNotFound() {
        Map<String, Object> passive = exchange("nope", "direct");
        passive.put("passive", true);

        assertThat(replyText(declareExchange(passive), 404))
                .isEqualTo("NOT_FOUND - no exchange 'nope' in vhost '" + vhost + "'");
    }

    @Test
    void passiveDeclareOfAPredeclaredExchangeIsAccepted() {
        Map<String, Object> passive = exchange("amq.topic", "fanout");
        passive.put("passive", true);

        assertThat(declareExchange(passive).then().statusCode(200).extract().jsonPath().getString("type"))
                .isEqualTo("topic");
    }

    @Test
    void declaringANewAmqExchangeIsAccessRefused() {
        assertThat(replyText(declareExchange(exchange("amq.mine", "direct")), 403))
                .isEqualTo("ACCESS_REFUSED - exchange name 'amq.mine' contains reserved prefix 'amq.*'");
    }

    @Test
    void redeclaringAPredeclaredExchangeDifferentlyIsPreconditionFailed() {
        assertThat(replyText(declareExchange(exchange("amq.direct", "fanout")), 409))
                .startsWith("PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'amq.direct'");
    }

    @Test
    void declaringTheDefaultExchangeIsAccessRefused() {
        assertThat(replyText(declareExchange(exchange("", "direct")), 403))
                .isEqualTo("ACCESS_REFUSED - operation not permitted on the default exchange");
    }

    @Test
    void deletingAPredeclaredExchangeIsAccessRefused() {
        Response reply = given().delete(path("/exchanges/amq.fanout"));

        assertThat(replyText(reply, 403)).contains("reserved prefix 'amq.*'");
        assertThat(list(vhost).getList("exchanges.name", String.class)).contains("amq.fanout");
    }

    @Test
    void anUnknownExchangeTypeIsCommandInvalid() {
        Response reply = declareExchange(exchange("x", "x-delayed"));

        assertThat(reply.jsonPath().getInt("replyCode")).isEqualTo(503);
        assertThat(replyText(reply, 400)).isEqualTo("COMMAND_INVALID - unknown exchange type 'x-delayed'");
    }

    @Test
    void deletingAnExchangeUsedAsSourceWithIfUnusedIsPreconditionFailed() {
        declareExchange(exchange("src", "direct")).then().statusCode(200);
        declareQueue(queue("q")).then().statusCode(200);
        bind(binding("src", "queue", "q", "k")).then().statusCode(200);

        Response reply = given().queryParam("ifUnused", true).delete(path("/exchanges/src"));

        assertThat(replyText(reply, 409))
                .isEqualTo("PRECONDITION_FAILED - exchange 'src' in vhost '" + vhost + "' in use");
    }

    @Test
    void deletingAnExchangeRemovesItsBindingsBothWays() {
        declareExchange(exchange("a", "fanout")).then().statusCode(200);
        declareExchange(exchange("b", "fanout")).then().statusCode(200);
        declareQueue(queue("q")).then().statusCode(200);
        bind(binding("a", "exchange", "b", "")).then().statusCode(200);
        bind(binding("b", "queue", "q", "")).then().statusCode(200);

        given().delete(path("/exchanges/b")).then().statusCode(204);

        assertThat(list(vhost).getList("bindings")).isEmpty();
        assertThat(list(vhost).getList("exchanges.name", String.class)).doesNotContain("b").contains("a");
    }

    @Test
    void deletingAMissingExchangeIsAccepted() {
        given().delete(path("/exchanges/never")).then().statusCode(204);
    }

    private Response declareExchange(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path("/exchanges"));
    }

    private Response declareQueue(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path("/queues"));
    }

    private Response bind(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path("/bindings"));
    }

    private String path(String rest) {
        return TopologyRequests.path(vhost, rest);
    }

    static JsonPath list(String vhost) {
        return given().get(TopologyRequests.path(vhost, "")).then().statusCode(200).extract().jsonPath();
    }

    static String replyText(Response reply, int status) {
        return reply.then().statusCode(status).extract().jsonPath().getString("replyText");
    }

    static Map<String, Object> exchange(String name, String type) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("type", type);
        body.put("durable", true);
        return body;
    }

    static Map<String, Object> queue(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("durable", true);
        return body;
    }

    static Map<String, Object> binding(String source, String kind, String destination, String key) {
        return Map.of("source", source, "destinationKind", kind, "destination", destination, "routingKey", key,
                "arguments", Map.of());
    }

    static List<String> names(JsonPath topology, String list) {
        return topology.getList(list + ".name", String.class);
    }
}
