package io.tsunagu.routing.dispatch;

import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.routing.amqp.topology.TopologyFollower;
import io.tsunagu.routing.stream.FollowedStream;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The AMQP side of the publish path: AMQP publishes ({@link AmqpPublishRouting}), the AMQP queues of MQTT publishes
 * ({@link MqttToAmqp}), and the wait for the topology copy, which {@link PublishRouter} needs before routing
 * anything: it has caught up, and it holds every topology change Kafka acknowledged before a publish was written
 * (declare and bind, then publish: ingest answers declare-ok and bind-ok only after storage's change is in
 * {@code tsunagu.topology}).
 *
 * <p>Threading: the publish channel's context.
 */
@ApplicationScoped
public class AmqpRouting {

    private final TopologyFollower topology;
    private final AmqpPublishRouting publishes;
    private final MqttToAmqp mqttToAmqp;

    public AmqpRouting(TopologyFollower topology, AmqpPublishRouting publishes,
            MqttToAmqp mqttToAmqp) {
        this.topology = topology;
        this.publishes = publishes;
        this.mqttToAmqp = mqttToAmqp;
    }

    /** Completes once the topology copy has caught up with the stream as it was at start. */
    CompletionStage<Void> caughtUp() {
        return topology.stream().caughtUp();
    }

    /** The topology copy, which a publish waits for (its barrier is {@link PublishRouter}'s). */
    FollowedStream topologyStream() {
        return topology.stream();
    }

    /** The records made from the AMQP publish record {@code publish}; see {@link AmqpPublishRouting}. */
    List<Message<byte[]>> route(Message<byte[]> publish, AmqpPublishEvent event, DeliverySource source) {
        return publishes.route(publish, event, source);
    }

    /** Adds the AMQP queue copies of an MQTT publish to {@code batch}; see {@link MqttToAmqp}. */
    void addQueueCopies(OutgoingBatch batch, PublishEvent publish, DeliverySource source) {
        mqttToAmqp.addQueueCopies(batch, publish, source);
    }
}
