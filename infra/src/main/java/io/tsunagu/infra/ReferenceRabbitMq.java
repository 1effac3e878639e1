package io.tsunagu.infra;

import java.util.Map;

/**
 * A local RabbitMQ with its MQTT plugin ({@code infra/local/rabbitmq.sh}), started on free loopback ports in the
 * test run's state directory: the reference Tsunagu's AMQP behaviour is compared with.
 *
 * @param amqpPort its AMQP 0-9-1 port (user guest/guest, vhost "/")
 * @param mqttPort its MQTT plugin's port
 */
public record ReferenceRabbitMq(int amqpPort, int mqttPort) {

    static ReferenceRabbitMq from(Map<String, String> env) {
        return new ReferenceRabbitMq(Integer.parseInt(env.get("RABBITMQ_AMQP_PORT")),
                Integer.parseInt(env.get("RABBITMQ_MQTT_PORT")));
    }
}
