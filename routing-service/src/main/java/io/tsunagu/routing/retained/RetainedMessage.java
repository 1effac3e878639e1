package io.tsunagu.routing.retained;

import java.time.Instant;
import java.util.Objects;

/**
 * The retained message of one topic, as routing keeps it: the publish record exactly as it was read from the
 * retained stream (it is embedded in RETAINED deliveries byte for byte, never re-encoded), and the few fields routing
 * decides on.
 *
 * @param record the publish record ({@link io.tsunagu.contracts.codec.PublishCodec}); must not be modified
 * @param topic the topic name
 * @param qos the QoS the publisher used
 * @param expiresAt when the message expires (its receipt plus its Message Expiry Interval), or {@link Instant#MAX}
 */
public record RetainedMessage(byte[] record, String topic, int qos, Instant expiresAt) {

    public RetainedMessage {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the message expired by {@code now}, and may no longer be sent to a new subscriber [MQTT-3.3.2-5]. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
