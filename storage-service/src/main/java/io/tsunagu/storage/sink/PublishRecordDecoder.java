package io.tsunagu.storage.sink;

import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.PublishEvent;
import java.time.Instant;

/**
 * Turns a publish record (the value of a publish-stream record, or of a retained-stream record) into the event to
 * store, or into the reason it can never be stored: not a publish record of a known version, or a value PostgreSQL
 * rejects whatever we retry (U+0000 in a text column, a timestamp outside the range the API can print). Pure; the
 * payload of the event is a view into the record.
 */
final class PublishRecordDecoder {

    /** Earliest received-at accepted: 0001-01-01T00:00:00Z. */
    static final Instant MIN_RECEIVED_AT = Instant.parse("0001-01-01T00:00:00Z");
    /** Latest received-at accepted: the end of year 9999. */
    static final Instant MAX_RECEIVED_AT = Instant.parse("9999-12-31T23:59:59.999999Z");

    private PublishRecordDecoder() {
    }

    static Decoded<PublishEvent> decode(byte[] value) {
        if (value == null) {
            return Decoded.rejected("record has no value");
        }
        PublishEvent event;
        try {
            event = PublishCodec.decode(value);
        } catch (CodecException e) {
            return Decoded.rejected("undecodable publish record: " + e.getMessage());
        }
        String unstorable = validateStorable(event);
        return unstorable == null ? Decoded.accepted(event) : Decoded.rejected(unstorable);
    }

    /** Why PostgreSQL could never take {@code event}, or null when it can. */
    private static String validateStorable(PublishEvent event) {
        if (hasNul(event.tenant()) || hasNul(event.clientId()) || hasNul(event.topic())) {
            // MQTT forbids U+0000 in these strings [MQTT-1.5.4-2]; PostgreSQL text cannot hold it at all.
            return "U+0000 in tenant, client id or topic";
        }
        if (event.receivedAt().isBefore(MIN_RECEIVED_AT) || event.receivedAt().isAfter(MAX_RECEIVED_AT)) {
            return "received-at " + event.receivedAt() + " outside years 1 to 9999";
        }
        return null;
    }

    static boolean hasNul(String text) {
        return text.indexOf('\u0000') >= 0;
    }
}
