package io.tsunagu.ingest.transport.amqp.topology;

import io.tsunagu.ingest.codec.amqp.ExchangeMethod;
import io.tsunagu.ingest.codec.amqp.QueueMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The exchange, queue and binding methods as requests to storage-service's internal topology API
 * ({@code /internal/amqp/{vhost}/...}, {@code /internal/amqp-connections/{node}/{connection}}): the JSON bodies of
 * ExchangeRequest, QueueRequest and BindingRequest. Pure.
 */
public final class TopologyRequests {

    private TopologyRequests() {
    }

    /** exchange.declare (passive too). */
    public static TopologyRequest declareExchange(Requester requester, ExchangeMethod.Declare declare) {
        JsonObject body = new JsonObject()
                .put("name", declare.exchange())
                .put("type", declare.type())
                .put("durable", declare.is(ExchangeMethod.Declare.DURABLE))
                .put("autoDelete", declare.is(ExchangeMethod.Declare.AUTO_DELETE))
                .put("internal", declare.is(ExchangeMethod.Declare.INTERNAL))
                .put("arguments", FieldValuesJson.toJson(declare.arguments()))
                .put("passive", declare.is(ExchangeMethod.Declare.PASSIVE));
        return TopologyRequest.post(vhostPath(requester) + "/exchanges", body);
    }

    /** A passive exchange.declare of {@code exchange}: does it exist, and is it internal (the publish check). */
    public static TopologyRequest checkExchange(Requester requester, String exchange) {
        return declareExchange(requester, new ExchangeMethod.Declare(exchange, "", ExchangeMethod.Declare.PASSIVE,
                Map.of()));
    }

    /** exchange.delete. */
    public static TopologyRequest deleteExchange(Requester requester, ExchangeMethod.Delete delete) {
        return TopologyRequest.delete(vhostPath(requester) + "/exchanges/" + encode(delete.exchange())
                + "?ifUnused=" + delete.ifUnused());
    }

    /** exchange.bind ({@code unbind} false) or exchange.unbind. */
    public static TopologyRequest bindExchange(Requester requester, ExchangeMethod.Binding binding, boolean unbind) {
        return binding(requester, new BindingFields(binding.source(), "exchange", binding.destination(),
                binding.routingKey(), binding.arguments()), unbind);
    }

    /** queue.declare (passive too; an empty name asks storage to name it). */
    public static TopologyRequest declareQueue(Requester requester, QueueMethod.Declare declare) {
        JsonObject body = new JsonObject()
                .put("name", declare.queue())
                .put("durable", declare.is(QueueMethod.Declare.DURABLE))
                .put("exclusive", declare.is(QueueMethod.Declare.EXCLUSIVE))
                .put("autoDelete", declare.is(QueueMethod.Declare.AUTO_DELETE))
                .put("arguments", FieldValuesJson.toJson(declare.arguments()))
                .put("passive", declare.is(QueueMethod.Declare.PASSIVE))
                .put("connectionId", requester.connectionId())
                .put("nodeId", requester.nodeId());
        return TopologyRequest.post(vhostPath(requester) + "/queues", body);
    }

    /** A passive queue.declare of {@code queue}: does it exist (and may this connection use it). */
    public static TopologyRequest checkQueue(Requester requester, String queue) {
        return declareQueue(requester, new QueueMethod.Declare(queue, QueueMethod.Declare.PASSIVE, Map.of()));
    }

    /** queue.bind. */
    public static TopologyRequest bindQueue(Requester requester, QueueMethod.Bind bind) {
        return binding(requester, new BindingFields(bind.exchange(), "queue", bind.queue(), bind.routingKey(),
                bind.arguments()), false);
    }

    /** queue.unbind. */
    public static TopologyRequest unbindQueue(Requester requester, QueueMethod.Unbind unbind) {
        return binding(requester, new BindingFields(unbind.exchange(), "queue", unbind.queue(), unbind.routingKey(),
                unbind.arguments()), true);
    }

    /** queue.delete (after the queue's owner agreed to if-unused / if-empty). */
    public static TopologyRequest deleteQueue(Requester requester, String queue) {
        return TopologyRequest.delete(vhostPath(requester) + "/queues/" + encode(queue) + "?nodeId="
                + encode(requester.nodeId()) + "&connectionId=" + encode(requester.connectionId()));
    }

    /** The exclusive queues of a closed connection. */
    public static TopologyRequest deleteExclusiveQueues(String nodeId, String connectionId) {
        return TopologyRequest.delete("/internal/amqp-connections/" + encode(nodeId) + "/" + encode(connectionId));
    }

    /**
     * The exclusive queues of this node's earlier runs: every one of the node's except those of connections whose id
     * starts with {@code currentPrefix} (this run's).
     */
    public static TopologyRequest deleteEarlierExclusiveQueues(String nodeId, String currentPrefix) {
        return TopologyRequest.delete("/internal/amqp-connections/" + encode(nodeId) + "?keepPrefix="
                + encode(currentPrefix));
    }

    private static TopologyRequest binding(Requester requester, BindingFields fields, boolean unbind) {
        JsonObject body = new JsonObject()
                .put("source", fields.source())
                .put("destinationKind", fields.destinationKind())
                .put("destination", fields.destination())
                .put("routingKey", fields.routingKey())
                .put("arguments", FieldValuesJson.toJson(fields.arguments()))
                .put("connectionId", requester.connectionId())
                .put("nodeId", requester.nodeId());
        return TopologyRequest.post(vhostPath(requester) + (unbind ? "/bindings/unbind" : "/bindings"), body);
    }

    private static String vhostPath(Requester requester) {
        return "/internal/amqp/" + encode(requester.vhost());
    }

    /** {@code value} percent-encoded for a path segment or query value ({@code /} is {@code %2F}). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The fields of a binding request. */
    private record BindingFields(String source, String destinationKind, String destination, String routingKey,
            Map<String, Object> arguments) {
    }
}
