package io.tsunagu.ingest.codec;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.tsunagu.contracts.event.Payload;

/**
 * A PUBLISH received from a client, as decoded by the wire codec.
 *
 * @param topic the topic name
 * @param qos the QoS (0, 1 or 2)
 * @param retain the RETAIN flag
 * @param dup the DUP flag
 * @param packetId the packet identifier (QoS &gt; 0 only)
 * @param properties the MQTT 5 properties, empty for MQTT 3.1.1
 * @param payload the application message, a view that was not copied
 */
public record InboundPublish(
        String topic,
        int qos,
        boolean retain,
        boolean dup,
        int packetId,
        MqttProperties properties,
        Payload payload) {
}
