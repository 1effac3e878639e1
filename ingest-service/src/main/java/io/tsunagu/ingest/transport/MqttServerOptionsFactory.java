package io.tsunagu.ingest.transport;

import io.tsunagu.ingest.config.IngestOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttServerOptions;
import java.util.Set;

/**
 * The vertx-mqtt server options of one listener: every limit explicit (vertx-mqtt's defaults are 8,092 bytes and 23
 * characters), TLS 1.2 and 1.3 only from PEM files, WebSocket ({@link MqttNetServer} reads the flag and the frame
 * size).
 */
final class MqttServerOptionsFactory {

    /** Older protocol versions have known weaknesses (RFC 8996 deprecates TLS 1.0 and 1.1). */
    static final Set<String> TLS_VERSIONS = Set.of("TLSv1.2", "TLSv1.3");

    private MqttServerOptionsFactory() {
    }

    /** The options every listener shares: the MQTT limits and the socket settings. */
    private static MqttServerOptions base(IngestOptions.Mqtt mqtt) {
        MqttServerOptions options = new MqttServerOptions()
                .setHost(mqtt.host())
                .setPort(mqtt.port())
                .setMaxMessageSize((int) mqtt.maxPacketSize().asLongValue())
                .setMaxClientIdLength(mqtt.maxClientIdLength())
                .setTimeoutOnConnect((int) Math.max(1, mqtt.connectTimeout().toSeconds()))
                // Empty client ids are ours to handle (assigned and returned to MQTT 5 clients [MQTT-3.2.2-16]).
                .setAutoClientId(false);
        options.setTcpNoDelay(true);
        return options;
    }

    /** Options for one instance of the listener {@code spec}. */
    static MqttServerOptions create(IngestOptions options, ListenerSpec spec) {
        MqttServerOptions server = base(options.mqtt());
        server.setPort(spec.port());
        if (spec.kind().isWebSocket()) {
            long frame = spec.kind().isTls() ? options.wss().maxFrameSize().asLongValue()
                    : options.ws().maxFrameSize().asLongValue();
            server.setUseWebSocket(true).setWebSocketMaxFrameSize((int) frame);
        }
        if (spec.kind().isTls()) {
            secure(server, options.tls());
        }
        return server;
    }

    private static void secure(MqttServerOptions server, IngestOptions.Tls tls) {
        server.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(tls.certFile().orElseThrow())
                        .setKeyPath(tls.keyFile().orElseThrow()))
                .setEnabledSecureTransportProtocols(TLS_VERSIONS);
        tls.clientCaFile().ifPresent(ca -> server.setTrustOptions(new PemTrustOptions().addCertPath(ca)));
        server.setClientAuth(switch (tls.clientAuth()) {
            case NONE -> ClientAuth.NONE;
            case REQUEST -> ClientAuth.REQUEST;
            case REQUIRED -> ClientAuth.REQUIRED;
        });
    }
}
