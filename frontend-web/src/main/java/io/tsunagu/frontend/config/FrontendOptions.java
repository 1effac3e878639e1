package io.tsunagu.frontend.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the services whose status the page shows are, how patiently to ask them, and what the dashboard connects to.
 * Set through the environment with the standard mapping, e.g.
 * {@code TSUNAGU_FRONTEND_INGEST_URLS=http://ingest-a:8081,http://ingest-b:8081}.
 * The frontend keeps no state: every status request asks the services afresh.
 */
@ConfigMapping(prefix = "tsunagu.frontend")
public interface FrontendOptions {

    /** Base URLs of the ingest nodes (one entry per node), e.g. {@code http://localhost:8081}. */
    @WithDefault("http://localhost:8081")
    List<String> ingestUrls();

    /** Base URL of routing-service. */
    @WithDefault("http://localhost:8082")
    String routingUrl();

    /** Base URL of storage-service. */
    @WithDefault("http://localhost:8083")
    String storageUrl();

    /** Longest wait for one answer (connect and response) from a service before it shows as DOWN. */
    @WithDefault("2s")
    Duration probeTimeout();

    /** How often the status page asks for a fresh status. */
    @WithDefault("5s")
    Duration refreshInterval();

    /** Sliding window over which the dashboard computes each topic's messages per second. */
    @WithDefault("10s")
    Duration rateWindow();

    /** Longest wait for storage-service to answer a request the dashboard makes through this service. */
    @WithDefault("10s")
    Duration storageTimeout();

    /** What the dashboard's MQTT client connects to and how (keys {@code tsunagu.frontend.mqtt-*}). */
    @WithParentName
    Mqtt mqtt();

    /** The dashboard's MQTT over WebSocket connection, as {@code GET /api/config} hands it to the browser. */
    interface Mqtt {

        /**
         * The MQTT over WebSocket URLs the browser connects to, tried in turn (e.g. {@code wss://mqtt.example/mqtt});
         * when unset, {@code ws://<host the page was loaded from>:<mqtt-websocket-port>/mqtt} (wss for https).
         */
        @WithName("mqtt-websocket-url")
        Optional<List<String>> websocketUrls();

        /** Port of ingest's MQTT over WebSocket listener, used when no URL is configured. */
        @WithName("mqtt-websocket-port")
        @WithDefault("8000")
        int websocketPort();

        /** The topic filter of the live topic tree and charts. */
        @WithName("mqtt-telemetry-filter")
        @WithDefault("#")
        String telemetryFilter();

        /** The topic filter of the platform view ({@code $SYS} statistics). */
        @WithName("mqtt-platform-filter")
        @WithDefault("$SYS/#")
        String platformFilter();

        /** First wait before reconnecting after a lost or failed connection; doubles each attempt. */
        @WithName("mqtt-reconnect-min")
        @WithDefault("1s")
        Duration reconnectMin();

        /** Longest wait between reconnect attempts. */
        @WithName("mqtt-reconnect-max")
        @WithDefault("30s")
        Duration reconnectMax();

        /** Start of the dashboard's client ids; the browser adds a random suffix (kept within 23 characters). */
        @WithName("mqtt-client-id-prefix")
        @WithDefault("tsunagu-web-")
        String clientIdPrefix();
    }
}
