package io.tsunagu.ingest.session;

import io.tsunagu.ingest.codec.MqttVersion;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The keep-alive of one connection after negotiation.
 *
 * @param seconds the keep-alive in force, 0 for none
 * @param serverKeepAlive the MQTT 5 Server Keep Alive to send when we override the client's value
 */
public record KeepAlive(int seconds, OptionalInt serverKeepAlive) {

    /**
     * Negotiates the keep-alive: an MQTT 5 client asking for none or for more than {@code maxSeconds} is told to use
     * {@code maxSeconds} as Server Keep Alive, which it must then use [MQTT-3.2.2-21]; an MQTT 3.1.1 client keeps its
     * own value, as 3.1.1 cannot tell it otherwise.
     */
    public static KeepAlive negotiate(int protocolVersion, int clientSeconds, int maxSeconds) {
        boolean overrides = MqttVersion.isMqtt5(protocolVersion) && (clientSeconds == 0 || clientSeconds > maxSeconds);
        if (overrides) {
            return new KeepAlive(maxSeconds, OptionalInt.of(maxSeconds));
        }
        return new KeepAlive(clientSeconds, OptionalInt.empty());
    }

    /**
     * How long the connection may stay silent: one and a half times the keep-alive [MQTT-3.1.2-24] (MQTT 5:
     * [MQTT-3.1.2-22]); empty when there is no keep-alive.
     */
    public Optional<Duration> timeout() {
        return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(seconds * 1500L));
    }
}
