package io.tsunagu.ingest.transport.amqp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.ingest.codec.amqp.ExchangeMethod;
import io.tsunagu.ingest.codec.amqp.QueueMethod;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The requests to storage's topology API (ExchangeRequest, QueueRequest, BindingRequest bodies and paths). */
class TopologyRequestsTest {

    private static final Requester REQUESTER = new Requester("default", "node-1", "amqp-ab-7");

    @Test
    void exchangeDeclareIsAPostOfItsFields() {
        TopologyRequest request = TopologyRequests.declareExchange(REQUESTER, new ExchangeMethod.Declare("orders",
                "topic", ExchangeMethod.Declare.DURABLE | ExchangeMethod.Declare.INTERNAL,
                Map.of("alternate-exchange", LongString.of("ae"))));

        assertThat(request.delete()).isFalse();
        assertThat(request.path()).isEqualTo("/internal/amqp/default/exchanges");
        assertThat(request.body()).isEqualTo(new JsonObject().put("name", "orders").put("type", "topic")
                .put("durable", true).put("autoDelete", false).put("internal", true)
                .put("arguments", new JsonObject().put("alternate-exchange", "ae")).put("passive", false));
    }

    @Test
    void passiveQueueDeclareCarriesTheConnection() {
        TopologyRequest request = TopologyRequests.declareQueue(REQUESTER, new QueueMethod.Declare("",
                QueueMethod.Declare.PASSIVE | QueueMethod.Declare.EXCLUSIVE, Map.of("x-max-priority", 10)));

        assertThat(request.path()).isEqualTo("/internal/amqp/default/queues");
        assertThat(request.body().getString("name")).isEmpty();
        assertThat(request.body().getBoolean("passive")).isTrue();
        assertThat(request.body().getBoolean("exclusive")).isTrue();
        assertThat(request.body().getString("connectionId")).isEqualTo("amqp-ab-7");
        assertThat(request.body().getString("nodeId")).isEqualTo("node-1");
        assertThat(request.body().getJsonObject("arguments").getInteger("x-max-priority")).isEqualTo(10);
    }

    @Test
    void vhostAndNamesAreEncodedInThePath() {
        Requester slash = new Requester("/", "node-1", "c");

        TopologyRequest request = TopologyRequests.deleteExchange(slash, new ExchangeMethod.Delete("a b/c", true,
                false));

        assertThat(request.delete()).isTrue();
        assertThat(request.path()).isEqualTo("/internal/amqp/%2F/exchanges/a%20b%2Fc?ifUnused=true");
    }

    @Test
    void queueBindAndUnbindArePostsToBindings() {
        TopologyRequest bind = TopologyRequests.bindQueue(REQUESTER, new QueueMethod.Bind("q", "amq.topic", "a.*",
                false, Map.of()));
        TopologyRequest unbind = TopologyRequests.unbindQueue(REQUESTER, new QueueMethod.Unbind("q", "amq.topic",
                "a.*", Map.of()));

        assertThat(bind.path()).isEqualTo("/internal/amqp/default/bindings");
        assertThat(unbind.path()).isEqualTo("/internal/amqp/default/bindings/unbind");
        assertThat(bind.body().getString("source")).isEqualTo("amq.topic");
        assertThat(bind.body().getString("destinationKind")).isEqualTo("queue");
        assertThat(bind.body().getString("destination")).isEqualTo("q");
        assertThat(bind.body().getString("routingKey")).isEqualTo("a.*");
    }

    @Test
    void exchangeBindNamesTheDestinationExchange() {
        TopologyRequest bind = TopologyRequests.bindExchange(REQUESTER, new ExchangeMethod.Binding("dest", "src",
                "k", false, Map.of("x-match", LongString.of("any"))), false);

        assertThat(bind.body().getString("destinationKind")).isEqualTo("exchange");
        assertThat(bind.body().getString("destination")).isEqualTo("dest");
        assertThat(bind.body().getJsonObject("arguments").getString("x-match")).isEqualTo("any");
    }

    @Test
    void queueDeleteAndExclusiveQueuesNameTheConnection() {
        assertThat(TopologyRequests.deleteQueue(REQUESTER, "q").path())
                .isEqualTo("/internal/amqp/default/queues/q?nodeId=node-1&connectionId=amqp-ab-7");
        assertThat(TopologyRequests.deleteExclusiveQueues("node-1", "amqp-ab-7").path())
                .isEqualTo("/internal/amqp-connections/node-1/amqp-ab-7");
    }

    @Test
    void fieldValuesBecomeJson() {
        JsonObject arguments = FieldValuesJson.toJson(Map.of("s", LongString.of("x"), "t",
                Instant.ofEpochSecond(5), "d", new BigDecimal("1.5"), "a", List.of(1, LongString.of("y")), "f",
                Map.of("n", (short) 3)));

        assertThat(arguments.getString("s")).isEqualTo("x");
        assertThat(arguments.getLong("t")).isEqualTo(5);
        assertThat(arguments.getDouble("d")).isEqualTo(1.5);
        assertThat(arguments.getJsonArray("a").getList()).containsExactly(1, "y");
        assertThat(arguments.getJsonObject("f").getInteger("n")).isEqualTo(3);
    }
}
