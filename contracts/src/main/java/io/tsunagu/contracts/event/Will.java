package io.tsunagu.contracts.event;

import java.util.Objects;

/**
 * A will message waiting to be published (MQTT 5 §3.1.2.5, §3.1.3.2).
 *
 * @param message the message to publish, from the client, as CONNECT gave it
 * @param delayInterval the Will Delay Interval in seconds: published that long after the connection ended,
 *     unless the client connects again before [MQTT-3.1.3-9], or sooner when the session ends
 */
public record Will(PublishEvent message, long delayInterval) {

    public Will {
        Objects.requireNonNull(message, "message");
        if (delayInterval < 0 || delayInterval > MessageProperties.MAX_MESSAGE_EXPIRY_INTERVAL) {
            throw new IllegalArgumentException("will delay interval out of range: " + delayInterval);
        }
    }
}
