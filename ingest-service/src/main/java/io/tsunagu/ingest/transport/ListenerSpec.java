package io.tsunagu.ingest.transport;

import io.tsunagu.ingest.config.IngestOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One listener to bind.
 *
 * @param kind what it speaks
 * @param port the configured port (0: a free one)
 */
record ListenerSpec(ListenerKind kind, int port) {

    /**
     * The listeners {@code options} asks for: MQTT/TCP always; WebSocket unless disabled; the TLS ones when a
     * certificate is configured, unless disabled.
     */
    static List<ListenerSpec> enabled(IngestOptions options) {
        List<ListenerSpec> specs = new ArrayList<>();
        specs.add(new ListenerSpec(ListenerKind.MQTT, options.mqtt().port()));
        boolean certificate = options.tls().certFile().isPresent();
        if (certificate && options.mqttTls().enabled()) {
            specs.add(new ListenerSpec(ListenerKind.MQTT_TLS, options.mqttTls().port()));
        }
        if (options.ws().enabled()) {
            specs.add(new ListenerSpec(ListenerKind.WS, options.ws().port()));
        }
        if (certificate && options.wss().enabled()) {
            specs.add(new ListenerSpec(ListenerKind.WSS, options.wss().port()));
        }
        return List.copyOf(specs);
    }
}
