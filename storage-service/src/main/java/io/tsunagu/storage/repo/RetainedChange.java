package io.tsunagu.storage.repo;

import io.tsunagu.contracts.event.PublishEvent;
import java.util.Objects;

/**
 * One change to the retained message of a topic, as a record of the retained stream carries it: a new retained
 * message that replaces the topic's current one, or the removal of the current one (a tombstone).
 *
 * @param tenant the tenant of the topic
 * @param topic the topic name
 * @param message the new retained message, or null for a removal
 * @param record the publish-stream record of {@code message}, byte for byte as the stream carried it; null for a
 *     removal. Not copied: callers must not modify it.
 */
public record RetainedChange(String tenant, String topic, PublishEvent message, byte[] record) {

    public RetainedChange {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(topic, "topic");
        if ((message == null) != (record == null)) {
            throw new IllegalArgumentException("a retained message and its record come together");
        }
        if (message != null && !(message.tenant().equals(tenant) && message.topic().equals(topic))) {
            throw new IllegalArgumentException("the message belongs to another tenant or topic");
        }
    }

    /** {@code message}, carried by {@code record}, becomes the retained message of its topic. */
    public static RetainedChange replace(PublishEvent message, byte[] record) {
        return new RetainedChange(message.tenant(), message.topic(), message, record);
    }

    /** The topic's retained message is removed [MQTT-3.3.1-6]. */
    public static RetainedChange remove(String tenant, String topic) {
        return new RetainedChange(tenant, topic, null, null);
    }

    /** Whether this removes the topic's retained message. */
    public boolean isRemoval() {
        return message == null;
    }
}
