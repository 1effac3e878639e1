package io.tsunagu.storage.sink;

import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.storage.repo.RetainedChange;

/**
 * Turns a retained-stream record into the change it makes to a topic's retained message, or into the reason it can
 * never be applied. The key is {@code Streams.publishKey(tenant, topic)}: tenant, U+0000, topic. A record with a
 * value replaces the topic's retained message with the publish record it holds (decoded and checked by
 * {@link PublishRecordDecoder}); a tombstone (null value) removes it. Pure; the change keeps the record's bytes
 * without copying them.
 */
final class RetainedRecordDecoder {

    private RetainedRecordDecoder() {
    }

    static Decoded<RetainedChange> decode(String key, byte[] value) {
        if (key == null) {
            return Decoded.rejected("retained record has no key");
        }
        StreamKey parts = StreamKey.parse(key);
        if (parts == null) {
            return Decoded.rejected("retained record key is not tenant U+0000 topic");
        }
        String tenant = parts.tenant();
        String topic = parts.name();
        if (value == null) {
            // A tombstone: the topic no longer has a retained message [MQTT-3.3.1-6].
            return PublishRecordDecoder.hasNul(topic)
                    ? Decoded.rejected("U+0000 in tenant, client id or topic")
                    : Decoded.accepted(RetainedChange.remove(tenant, topic));
        }
        Decoded<PublishEvent> decoded = PublishRecordDecoder.decode(value);
        if (decoded.isRejected()) {
            return Decoded.rejected(decoded.rejection());
        }
        return toChange(tenant, topic, decoded.value(), value);
    }

    private static Decoded<RetainedChange> toChange(String tenant, String topic, PublishEvent message,
            byte[] record) {
        if (!message.tenant().equals(tenant) || !message.topic().equals(topic)) {
            // The key decides which topic compaction and tombstones apply to; a value of another topic is a bug.
            return Decoded.rejected("retained record of another tenant or topic than its key");
        }
        if (message.payload().isEmpty()) {
            // Ingest writes an empty retained payload as a tombstone; a record that carries one means the same: the
            // retained message is removed and the empty one is not stored [MQTT-3.3.1-6].
            return Decoded.accepted(RetainedChange.remove(tenant, topic));
        }
        return Decoded.accepted(RetainedChange.replace(message, record));
    }
}
