package io.tsunagu.routing.dispatch;

import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.routing.amqp.exchange.ExchangeRoute;
import io.tsunagu.routing.amqp.exchange.RoutedMessage;
import io.tsunagu.routing.amqp.exchange.VhostExchanges;
import io.tsunagu.routing.amqp.topology.TopologyFollower;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The AMQP half of an MQTT publish (issue 5: one routing model): routed through the exchange {@code amq.topic} of
 * the tenant's vhost with the routing key made from its topic ({@link MqttBridge}), it reaches the AMQP queues bound
 * there (and whatever exchange-to-exchange bindings lead on to). Its MQTT subscribers are matched in the session
 * table as before, not through {@code amq.topic}, so each gets it once; copies handed back between MQTT sessions
 * are not routed here again, so each queue gets it once.
 *
 * <p>Threading: the publish channel's context; it only reads the topology copy.
 */
@ApplicationScoped
public class MqttToAmqp {

    private static final Logger LOG = Logger.getLogger(MqttToAmqp.class);

    private final TopologyFollower topology;
    private final AmqpRoutingMetrics metrics;

    public MqttToAmqp(TopologyFollower topology, AmqpRoutingMetrics metrics) {
        this.topology = topology;
        this.metrics = metrics;
    }

    /**
     * Adds the queue copies of {@code publish} to {@code batch}, with {@code source} as their position; none when
     * its topic makes no routing key or no queue takes it.
     */
    void addQueueCopies(OutgoingBatch batch, PublishEvent publish, DeliverySource source) {
        queueCopies(publish).ifPresent(copies -> copies.addTo(batch, source, metrics));
    }

    private Optional<QueueRecords> queueCopies(PublishEvent publish) {
        Optional<String> key = MqttBridge.routingKey(publish.topic());
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> headers = MqttBridge.headers(publish);
        ExchangeRoute route = topology.exchanges(publish.tenant())
                .route(VhostExchanges.MQTT_EXCHANGE, new RoutedMessage(key.get(), () -> headers));
        if (route.queues().isEmpty()) {
            return Optional.empty();
        }
        try {
            AmqpMessage message = MqttBridge.toAmqp(publish, key.get(), headers);
            metrics.mqttToAmqp();
            return Optional.of(new QueueRecords(publish.tenant(), route.queues(), publish.messageId(), message));
        } catch (IllegalArgumentException e) {
            // A property the AMQP wire cannot carry; ingest's limits make this unreachable, so it is our fault.
            LOG.errorf("MQTT publish %s cannot be made an AMQP message (%s): not routed to AMQP queues",
                    publish.messageId(), e.getMessage());
            return Optional.empty();
        }
    }
}
