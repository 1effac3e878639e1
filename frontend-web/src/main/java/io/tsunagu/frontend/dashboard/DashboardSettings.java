package io.tsunagu.frontend.dashboard;

import io.quarkus.runtime.Startup;
import io.tsunagu.frontend.config.FrontendOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's configuration, checked at startup (a bad value stops the start) and handed to each browser with
 * the WebSocket URL derived from the address it loaded the page from when none is configured.
 */
@Startup
@ApplicationScoped
public class DashboardSettings {

    /** MQTT 3.1.1 servers need accept only client ids of up to 23 characters [MQTT-3.1.3-5]. */
    static final int MAX_CLIENT_ID_LENGTH = 23;
    /** Characters the browser adds to the prefix to make the client id unique. */
    static final int CLIENT_ID_SUFFIX_LENGTH = 8;

    private final FrontendOptions.Mqtt mqtt;
    private final Optional<List<String>> configuredUrls;
    private final long rateWindowMillis;
    private final long statusRefreshMillis;

    DashboardSettings(FrontendOptions options) {
        this.mqtt = options.mqtt();
        this.configuredUrls = mqtt.websocketUrls().map(MqttEndpoints::checked);
        this.rateWindowMillis = positiveMillis("rate-window", options.rateWindow().toMillis());
        this.statusRefreshMillis = options.refreshInterval().toMillis();
        check(mqtt);
    }

    /** The configuration for a browser that loaded the page from {@code page} (scheme and host are used). */
    public DashboardConfig configFor(URI page) {
        List<String> urls = configuredUrls.orElseGet(() -> List.of(MqttEndpoints.derived(page, mqtt.websocketPort())));
        DashboardConfig.Backoff backoff = new DashboardConfig.Backoff(mqtt.reconnectMin().toMillis(),
                mqtt.reconnectMax().toMillis());
        DashboardConfig.Mqtt connection = new DashboardConfig.Mqtt(urls, mqtt.telemetryFilter(),
                mqtt.platformFilter(), backoff, mqtt.clientIdPrefix());
        return new DashboardConfig(connection, rateWindowMillis, statusRefreshMillis);
    }

    static void check(FrontendOptions.Mqtt mqtt) {
        if (mqtt.websocketPort() < 1 || mqtt.websocketPort() > 65_535) {
            throw new IllegalArgumentException("tsunagu.frontend.mqtt-websocket-port must be 1-65535");
        }
        long min = positiveMillis("mqtt-reconnect-min", mqtt.reconnectMin().toMillis());
        if (mqtt.reconnectMax().toMillis() < min) {
            throw new IllegalArgumentException("tsunagu.frontend.mqtt-reconnect-max must not be below"
                    + " tsunagu.frontend.mqtt-reconnect-min");
        }
        if (mqtt.clientIdPrefix().length() > MAX_CLIENT_ID_LENGTH - CLIENT_ID_SUFFIX_LENGTH) {
            throw new IllegalArgumentException("tsunagu.frontend.mqtt-client-id-prefix must have at most "
                    + (MAX_CLIENT_ID_LENGTH - CLIENT_ID_SUFFIX_LENGTH) + " characters");
        }
        if (mqtt.telemetryFilter().isBlank() || mqtt.platformFilter().isBlank()) {
            throw new IllegalArgumentException("tsunagu.frontend.mqtt-*-filter must not be empty");
        }
    }

    private static long positiveMillis(String key, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("tsunagu.frontend." + key + " must be positive");
        }
        return millis;
    }
}
