package io.tsunagu.ingest.transport;

import io.tsunagu.ingest.config.IngestOptions;
import io.vertx.core.net.TrafficShapingOptions;
import io.vertx.mqtt.MqttServerOptions;

/**
 * The vertx-mqtt server options: every limit explicit (vertx-mqtt's defaults are 8,092 bytes and 23 characters),
 * and traffic shaping without any bandwidth limit, which only counts the bytes of the connections
 * ({@link ListenerTraffic}).
 */
final class MqttServerOptionsFactory {

    private MqttServerOptionsFactory() {
    }

    /** Options for one listener instance. */
    static MqttServerOptions create(IngestOptions.Mqtt mqtt) {
        MqttServerOptions options = new MqttServerOptions()
                .setHost(mqtt.host())
                .setPort(mqtt.port())
                .setMaxMessageSize((int) mqtt.maxPacketSize().asLongValue())
                .setMaxClientIdLength(mqtt.maxClientIdLength())
                .setTimeoutOnConnect((int) Math.max(1, mqtt.connectTimeout().toSeconds()))
                // Empty client ids are ours to handle (assigned and returned to MQTT 5 clients [MQTT-3.2.2-16]).
                .setAutoClientId(false);
        options.setTcpNoDelay(true);
        // Inbound and outbound bandwidth 0: nothing is throttled or queued, every buffer is only counted.
        options.setTrafficShapingOptions(new TrafficShapingOptions());
        return options;
    }
}
