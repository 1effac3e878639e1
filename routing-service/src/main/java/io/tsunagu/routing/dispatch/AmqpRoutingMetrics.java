package io.tsunagu.routing.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The meters of AMQP routing, served at /q/metrics: publishes by outcome, queue copies, returns and outcomes, and
 * the messages that crossed between MQTT and AMQP through {@code amq.topic}. Any thread.
 */
@Singleton
public class AmqpRoutingMetrics {

    private static final String PUBLISHES = "tsunagu.routing.amqp.publishes";
    private static final String BRIDGED = "tsunagu.routing.amq-topic.bridged";
    private static final String OUTCOME = "outcome";
    private static final String DIRECTION = "direction";

    private final Counter routed;
    private final Counter unroutable;
    private final Counter enqueued;
    private final Counter returned;
    private final Counter outcomes;
    private final Counter mqttToAmqp;
    private final Counter amqpToMqtt;

    public AmqpRoutingMetrics(MeterRegistry registry) {
        routed = Counter.builder(PUBLISHES).tag(OUTCOME, "routed")
                .description("AMQP publishes routed to at least one queue or MQTT subscriber").register(registry);
        unroutable = Counter.builder(PUBLISHES).tag(OUTCOME, "unroutable")
                .description("AMQP publishes no queue or subscriber took (their exchange may be gone)")
                .register(registry);
        enqueued = Counter.builder("tsunagu.routing.queue.messages")
                .description("Message copies written to AMQP queues (acknowledged by Kafka)").register(registry);
        returned = Counter.builder("tsunagu.routing.amqp.returns")
                .description("basic.return records written for mandatory unroutable publishes").register(registry);
        outcomes = Counter.builder("tsunagu.routing.amqp.outcomes")
                .description("Publish outcomes (confirms) written to publishers' nodes, acknowledged by Kafka")
                .register(registry);
        mqttToAmqp = Counter.builder(BRIDGED).tag(DIRECTION, "mqtt-to-amqp")
                .description("MQTT publishes routed to at least one AMQP queue through amq.topic").register(registry);
        amqpToMqtt = Counter.builder(BRIDGED).tag(DIRECTION, "amqp-to-mqtt")
                .description("AMQP publishes that reached amq.topic and at least one MQTT subscriber")
                .register(registry);
    }

    void routed() {
        routed.increment();
    }

    void unroutable() {
        unroutable.increment();
    }

    void enqueued() {
        enqueued.increment();
    }

    void returned() {
        returned.increment();
    }

    void outcome() {
        outcomes.increment();
    }

    void mqttToAmqp() {
        mqttToAmqp.increment();
    }

    void amqpToMqtt() {
        amqpToMqtt.increment();
    }
}
