package io.tsunagu.routing.retained;

import io.tsunagu.contracts.stream.Streams;
import java.util.Objects;
import java.util.Optional;

/**
 * A topic of a tenant: the key of the retained stream ({@link Streams#publishKey}).
 *
 * @param tenant the tenant (virtual host)
 * @param topic the topic name
 */
public record RetainedKey(String tenant, String topic) {

    private static final char SEPARATOR = '\u0000';

    public RetainedKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * The topic named by a retained-stream record key, or empty when the key is not of that form. Tenants never
     * contain U+0000, so the first one separates the two parts.
     */
    public static Optional<RetainedKey> fromKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        int separator = key.indexOf(SEPARATOR);
        if (separator < 0) {
            return Optional.empty();
        }
        return Optional.of(new RetainedKey(key.substring(0, separator), key.substring(separator + 1)));
    }

    /** This topic's retained-stream record key. */
    public String toKey() {
        return Streams.publishKey(tenant, topic);
    }
}
