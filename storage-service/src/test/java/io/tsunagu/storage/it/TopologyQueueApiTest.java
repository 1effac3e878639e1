package io.tsunagu.storage.it;

import static io.restassured.RestAssured.given;
import static io.tsunagu.storage.it.TopologyApiTest.binding;
import static io.tsunagu.storage.it.TopologyApiTest.exchange;
import static io.tsunagu.storage.it.TopologyApiTest.list;
import static io.tsunagu.storage.it.TopologyApiTest.queue;
import static io.tsunagu.storage.it.TopologyApiTest.replyText;
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
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queues and bindings of {@code /internal/amqp/{vhost}}: declare and redeclare as RabbitMQ (arguments validated and
 * compared), server-named and exclusive queues, bindings unique and checked, deletes that take bindings along, and
 * virtual hosts that do not see each other.
 */
@QuarkusTest
@WithTestResource(value = LocalInfraResource.class,
        initArgs = @ResourceArg(name = LocalInfraResource.DATABASE, value = TestPublisher.DATABASE))
class TopologyQueueApiTest {

    private String vhost;

    @BeforeEach
    void newVhost() {
        vhost = "vh-" + UUID.randomUUID();
    }

    @Test
    void aQueueWithoutANameGetsAServerName() {
        String name = declare(queue("")).then().statusCode(200).extract().jsonPath().getString("name");

        assertThat(name).startsWith("amq.gen-").hasSize("amq.gen-".length() + 22);
        assertThat(list(vhost).getList("queues.name", String.class)).containsExactly(name);
    }

    @Test
    void declaringAnAmqQueueIsAccessRefused() {
        assertThat(replyText(declare(queue("amq.mine")), 403))
                .isEqualTo("ACCESS_REFUSED - queue name 'amq.mine' contains reserved prefix 'amq.*'");
    }

    @Test
    void passiveDeclareOfAMissingQueueIsNotFound() {
        Map<String, Object> passive = queue("nope");
        passive.put("passive", true);

        assertThat(replyText(declare(passive), 404)).isEqualTo("NOT_FOUND - no queue 'nope' in vhost '" + vhost + "'");
    }

    @Test
    void anotherVirtualHostsQueueIsInvisible() {
        declare(queue("jobs")).then().statusCode(200);
        String other = "vh-" + UUID.randomUUID();
        Map<String, Object> passive = queue("jobs");
        passive.put("passive", true);

        Response reply = given().contentType(ContentType.JSON).body(passive)
                .post(TopologyRequests.path(other, "/queues"));

        assertThat(replyText(reply, 404)).isEqualTo("NOT_FOUND - no queue 'jobs' in vhost '" + other + "'");
        assertThat(list(other).getList("queues")).isEmpty();
    }

    @Test
    void anExclusiveQueueOfAnotherConnectionIsLocked() {
        declare(exclusive("mine", "c-1")).then().statusCode(200);

        Response reply = declare(exclusive("mine", "c-2"));

        assertThat(reply.jsonPath().getInt("replyCode")).isEqualTo(405);
        assertThat(replyText(reply, 409)).startsWith("RESOURCE_LOCKED - cannot obtain exclusive access to locked"
                + " queue 'mine' in vhost '" + vhost + "'");
    }

    @Test
    void anExclusiveQueueIsRedeclaredByItsOwnConnection() {
        declare(exclusive("mine", "c-1")).then().statusCode(200);

        JsonPath again = declare(exclusive("mine", "c-1")).then().statusCode(200).extract().jsonPath();

        assertThat(again.getBoolean("exclusive")).isTrue();
        assertThat(again.getString("ownerConnection")).isEqualTo("c-1");
    }

    @Test
    void closingAConnectionDeletesItsExclusiveQueuesAndTheirBindings() {
        declare(exclusive("mine", "c-1")).then().statusCode(200);
        declare(exclusive("theirs", "c-2")).then().statusCode(200);
        bind(bindingFrom("c-1", binding("amq.direct", "queue", "mine", "k"))).then().statusCode(200);
        String node = "node-" + vhost;

        JsonPath deleted = given().delete("/internal/amqp-connections/" + node + "/c-1")
                .then().statusCode(200).extract().jsonPath();

        assertThat(deleted.getList("queues.name", String.class)).containsExactly("mine");
        assertThat(list(vhost).getList("queues.name", String.class)).containsExactly("theirs");
        assertThat(list(vhost).getList("bindings")).isEmpty();
    }

    @Test
    void aDeadNodeLosesAllItsExclusiveQueues() {
        declare(exclusive("mine", "c-1")).then().statusCode(200);
        declare(exclusive("theirs", "c-2")).then().statusCode(200);

        given().delete("/internal/amqp-connections/node-" + vhost).then().statusCode(200);

        assertThat(list(vhost).getList("queues")).isEmpty();
    }

    @Test
    void aRestartedNodeKeepsOnlyTheQueuesOfItsNewConnections() {
        declare(exclusive("earlier", "amqp-old-1")).then().statusCode(200);
        declare(exclusive("current", "amqp-new-1")).then().statusCode(200);

        JsonPath deleted = given().queryParam("keepPrefix", "amqp-new-")
                .delete("/internal/amqp-connections/node-" + vhost).then().statusCode(200).extract().jsonPath();

        assertThat(deleted.getList("queues.name", String.class)).containsExactly("earlier");
        assertThat(list(vhost).getList("queues.name", String.class)).containsExactly("current");
    }

    static Stream<Arguments> invalidArguments() {
        return Stream.of(
                Arguments.of("x-max-priority", 256, "{max_value_exceeded,256}"),
                Arguments.of("x-max-priority", 0, "{value_zero,0}"),
                Arguments.of("x-max-priority", "high", "{unacceptable_type,longstr}"),
                Arguments.of("x-message-ttl", -1, "{value_negative,-1}"),
                Arguments.of("x-expires", 0, "{value_zero,0}"),
                Arguments.of("x-max-length", -5, "{value_negative,-5}"),
                Arguments.of("x-max-length-bytes", -1, "{value_negative,-1}"),
                Arguments.of("x-overflow", "drop-tail", "{unknown_overflow_value,\"drop-tail\"}"),
                Arguments.of("x-dead-letter-exchange", 7, "{unacceptable_type,signedint}"));
    }

    @ParameterizedTest
    @MethodSource("invalidArguments")
    void anInvalidQueueArgumentIsPreconditionFailed(String key, Object value, String reason) {
        Map<String, Object> request = queue("q");
        request.put("arguments", Map.of(key, value));

        assertThat(replyText(declare(request), 409)).isEqualTo("PRECONDITION_FAILED - invalid arg '" + key
                + "' for queue 'q' in vhost '" + vhost + "': " + reason);
    }

    @Test
    void validQueueArgumentsAreStored() {
        Map<String, Object> request = queue("q");
        request.put("arguments", Map.of("x-max-priority", 10, "x-message-ttl", 0, "x-expires", 60000,
                "x-max-length", 0, "x-overflow", "reject-publish", "x-dead-letter-exchange", "dlx",
                "x-dead-letter-routing-key", "dead"));

        JsonPath stored = declare(request).then().statusCode(200).extract().jsonPath();

        assertThat(stored.getInt("arguments.x-max-priority")).isEqualTo(10);
        assertThat(stored.getString("arguments.x-overflow")).isEqualTo("reject-publish");
    }

    @Test
    void redeclaringAQueueWithAnotherMaxPriorityIsPreconditionFailed() {
        Map<String, Object> first = queue("q");
        first.put("arguments", Map.of("x-max-priority", 5));
        declare(first).then().statusCode(200);
        Map<String, Object> second = queue("q");
        second.put("arguments", Map.of("x-max-priority", 10));

        assertThat(replyText(declare(second), 409)).isEqualTo("PRECONDITION_FAILED - inequivalent arg"
                + " 'x-max-priority' for queue 'q' in vhost '" + vhost + "': received the value '10' of type"
                + " 'signedint' but current is the value '5' of type 'signedint'");
    }

    @Test
    void redeclaringAQueueWithAnotherDurabilityIsPreconditionFailed() {
        declare(queue("q")).then().statusCode(200);
        Map<String, Object> transientQueue = queue("q");
        transientQueue.put("durable", false);

        assertThat(replyText(declare(transientQueue), 409)).isEqualTo("PRECONDITION_FAILED - inequivalent arg"
                + " 'durable' for queue 'q' in vhost '" + vhost + "': received 'false' but current is 'true'");
    }

    @Test
    void argumentsRabbitMqDoesNotCompareAreIgnoredOnRedeclare() {
        declare(queue("q")).then().statusCode(200);
        Map<String, Object> second = queue("q");
        second.put("arguments", Map.of("x-custom", "anything"));

        declare(second).then().statusCode(200);
    }

    @Test
    void bindingTwiceKeepsOneBinding() {
        declare(queue("q")).then().statusCode(200);

        bind(binding("amq.topic", "queue", "q", "a.*.c")).then().statusCode(200);
        bind(binding("amq.topic", "queue", "q", "a.*.c")).then().statusCode(200);

        assertThat(list(vhost).getList("bindings")).hasSize(1);
    }

    @Test
    void bindingsDifferingOnlyInArgumentsAreTwoBindings() {
        declare(queue("q")).then().statusCode(200);

        bind(Map.of("source", "amq.headers", "destinationKind", "queue", "destination", "q", "routingKey", "",
                "arguments", Map.of("x-match", "all", "type", "a"))).then().statusCode(200);
        bind(Map.of("source", "amq.headers", "destinationKind", "queue", "destination", "q", "routingKey", "",
                "arguments", Map.of("x-match", "any", "type", "a"))).then().statusCode(200);

        assertThat(list(vhost).getList("bindings")).hasSize(2);
    }

    @Test
    void queueAndExchangeBindingsAreListed() {
        given().contentType(ContentType.JSON).body(exchange("fan", "fanout")).post(path("/exchanges"))
                .then().statusCode(200);
        declare(queue("q")).then().statusCode(200);

        bind(binding("amq.topic", "exchange", "fan", "a.#")).then().statusCode(200);
        bind(binding("fan", "queue", "q", "")).then().statusCode(200);

        JsonPath topology = list(vhost);
        assertThat(topology.getList("bindings.destinationKind", String.class)).containsExactly("exchange", "queue");
        assertThat(topology.getList("bindings.source", String.class)).containsExactly("amq.topic", "fan");
    }

    @Test
    void bindingToAMissingQueueIsNotFound() {
        assertThat(replyText(bind(binding("amq.direct", "queue", "ghost", "k")), 404))
                .isEqualTo("NOT_FOUND - no queue 'ghost' in vhost '" + vhost + "'");
    }

    @Test
    void bindingFromAMissingExchangeIsNotFound() {
        declare(queue("q")).then().statusCode(200);

        assertThat(replyText(bind(binding("ghost", "queue", "q", "k")), 404))
                .isEqualTo("NOT_FOUND - no exchange 'ghost' in vhost '" + vhost + "'");
    }

    @Test
    void bindingToTheDefaultExchangeIsAccessRefused() {
        declare(queue("q")).then().statusCode(200);

        assertThat(replyText(bind(binding("", "queue", "q", "q")), 403))
                .isEqualTo("ACCESS_REFUSED - operation not permitted on the default exchange");
    }

    @Test
    void unbindingFromTheDefaultExchangeIsAccessRefused() {
        declare(queue("q")).then().statusCode(200);

        replyText(unbind(binding("", "queue", "q", "q")), 403);
    }

    @Test
    void unbindingAMissingBindingIsAccepted() {
        declare(queue("q")).then().statusCode(200);

        unbind(binding("amq.direct", "queue", "q", "never")).then().statusCode(204);
    }

    @Test
    void unbindRemovesTheBinding() {
        declare(queue("q")).then().statusCode(200);
        bind(binding("amq.direct", "queue", "q", "k")).then().statusCode(200);

        unbind(binding("amq.direct", "queue", "q", "k")).then().statusCode(204);

        assertThat(list(vhost).getList("bindings")).isEmpty();
    }

    @Test
    void deletingAQueueRemovesItsBindings() {
        declare(queue("q")).then().statusCode(200);
        bind(binding("amq.direct", "queue", "q", "k")).then().statusCode(200);
        bind(binding("amq.fanout", "queue", "q", "")).then().statusCode(200);

        given().delete(path("/queues/q")).then().statusCode(204);

        assertThat(list(vhost).getList("queues")).isEmpty();
        assertThat(list(vhost).getList("bindings")).isEmpty();
    }

    @Test
    void deletingAnotherConnectionsExclusiveQueueIsLocked() {
        declare(exclusive("mine", "c-1")).then().statusCode(200);

        Response reply = given().queryParam("nodeId", "node-" + vhost).queryParam("connectionId", "c-2")
                .delete(path("/queues/mine"));

        assertThat(replyText(reply, 409)).startsWith("RESOURCE_LOCKED");
    }

    @Test
    void aDeadLetterRoutingKeyWithoutADeadLetterExchangeIsPreconditionFailed() {
        Map<String, Object> request = queue("q");
        request.put("arguments", Map.of("x-dead-letter-routing-key", "dead"));

        assertThat(replyText(declare(request), 409)).isEqualTo("PRECONDITION_FAILED - invalid arg"
                + " 'x-dead-letter-routing-key' for queue 'q' in vhost '" + vhost + "': routing_key_but_no_dlx_defined");
    }

    @Test
    void bindingAnotherConnectionsExclusiveQueueIsLocked() {
        declare(exclusive("mine", "c-1")).then().statusCode(200);

        assertThat(replyText(bind(bindingFrom("c-2", binding("amq.direct", "queue", "mine", "k"))), 409))
                .startsWith("RESOURCE_LOCKED");
    }

    private Map<String, Object> bindingFrom(String connectionId, Map<String, Object> binding) {
        Map<String, Object> request = new HashMap<>(binding);
        request.put("connectionId", connectionId);
        request.put("nodeId", "node-" + vhost);
        return request;
    }

    @Test
    void anAutoDeleteExchangeGoesWithItsLastBinding() {
        Map<String, Object> auto = exchange("temp", "direct");
        auto.put("autoDelete", true);
        given().contentType(ContentType.JSON).body(auto).post(path("/exchanges")).then().statusCode(200);
        declare(queue("q")).then().statusCode(200);
        bind(binding("temp", "queue", "q", "a")).then().statusCode(200);
        bind(binding("temp", "queue", "q", "b")).then().statusCode(200);

        unbind(binding("temp", "queue", "q", "a")).then().statusCode(204);
        assertThat(list(vhost).getList("exchanges.name", String.class)).contains("temp");
        given().delete(path("/queues/q")).then().statusCode(204);

        assertThat(list(vhost).getList("exchanges.name", String.class)).doesNotContain("temp");
    }

        private Map<String, Object> exclusive(String name, String connectionId) {
        Map<String, Object> request = queue(name);
        request.put("durable", false);
        request.put("exclusive", true);
        request.put("connectionId", connectionId);
        request.put("nodeId", "node-" + vhost);
        return request;
    }

    private Response declare(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path("/queues"));
    }

    private Response bind(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path("/bindings"));
    }

    private Response unbind(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path("/bindings/unbind"));
    }

    private String path(String rest) {
        return TopologyRequests.path(vhost, rest);
    }
}
