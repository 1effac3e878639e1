package io.tsunagu.contracts.codec;

import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.UserProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Writes {@link MessageProperties} as a count followed by (identifier, value) entries, using the MQTT 5 property
 * identifiers (MQTT 5 §2.2.2.2) so that the stream and the wire speak of the same things.
 */
final class PropertiesCodec {

    static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    static final int CONTENT_TYPE = 0x03;
    static final int RESPONSE_TOPIC = 0x08;
    static final int CORRELATION_DATA = 0x09;
    static final int USER_PROPERTY = 0x26;

    private PropertiesCodec() {
    }

    static void write(RecordWriter writer, MessageProperties properties) {
        writer.writeVarLong(count(properties));
        properties.payloadFormatIndicator().ifPresent(value -> {
            writer.writeByte(PAYLOAD_FORMAT_INDICATOR);
            writer.writeByte(value);
        });
        properties.messageExpiryInterval().ifPresent(value -> {
            writer.writeByte(MESSAGE_EXPIRY_INTERVAL);
            writer.writeVarLong(value);
        });
        writeString(writer, CONTENT_TYPE, properties.contentType());
        writeString(writer, RESPONSE_TOPIC, properties.responseTopic());
        if (properties.correlationData() != null) {
            writer.writeByte(CORRELATION_DATA);
            writer.writeBinary(properties.correlationData());
        }
        for (UserProperty property : properties.userProperties()) {
            writer.writeByte(USER_PROPERTY);
            writer.writeString(property.name());
            writer.writeString(property.value());
        }
    }

    static MessageProperties read(RecordReader reader) {
        int count = reader.readLength();
        if (count == 0) {
            return MessageProperties.none();
        }
        Builder builder = new Builder();
        for (int i = 0; i < count; i++) {
            builder.read(reader);
        }
        return builder.build();
    }

    private static int count(MessageProperties properties) {
        int count = properties.userProperties().size();
        count += properties.payloadFormatIndicator().isPresent() ? 1 : 0;
        count += properties.messageExpiryInterval().isPresent() ? 1 : 0;
        count += properties.contentType() != null ? 1 : 0;
        count += properties.responseTopic() != null ? 1 : 0;
        count += properties.correlationData() != null ? 1 : 0;
        return count;
    }

    private static void writeString(RecordWriter writer, int identifier, String value) {
        if (value != null) {
            writer.writeByte(identifier);
            writer.writeString(value);
        }
    }

    /** Collects decoded entries; each single-valued property may appear once. */
    private static final class Builder {
        private OptionalInt payloadFormatIndicator = OptionalInt.empty();
        private OptionalLong messageExpiryInterval = OptionalLong.empty();
        private String contentType;
        private String responseTopic;
        private Payload correlationData;
        private final List<UserProperty> userProperties = new ArrayList<>();

        void read(RecordReader reader) {
            int identifier = reader.readUnsignedByte();
            switch (identifier) {
                case PAYLOAD_FORMAT_INDICATOR -> readPayloadFormatIndicator(reader);
                case MESSAGE_EXPIRY_INTERVAL -> readMessageExpiryInterval(reader);
                case CONTENT_TYPE -> contentType = once(contentType, reader.readString(), identifier);
                case RESPONSE_TOPIC -> responseTopic = once(responseTopic, reader.readString(), identifier);
                case CORRELATION_DATA -> correlationData = once(correlationData, reader.readBinary(), identifier);
                case USER_PROPERTY -> userProperties.add(new UserProperty(reader.readString(), reader.readString()));
                default -> throw new CodecException("unknown message property " + identifier);
            }
        }

        private void readPayloadFormatIndicator(RecordReader reader) {
            int value = reader.readUnsignedByte();
            if (payloadFormatIndicator.isPresent() || value > 1) {
                throw new CodecException("bad or repeated payload format indicator");
            }
            payloadFormatIndicator = OptionalInt.of(value);
        }

        private void readMessageExpiryInterval(RecordReader reader) {
            long value = reader.readVarLong();
            if (messageExpiryInterval.isPresent() || value > MessageProperties.MAX_MESSAGE_EXPIRY_INTERVAL) {
                throw new CodecException("bad or repeated message expiry interval");
            }
            messageExpiryInterval = OptionalLong.of(value);
        }

        private static <T> T once(T current, T value, int identifier) {
            if (current != null) {
                throw new CodecException("message property " + identifier + " repeated");
            }
            return value;
        }

        MessageProperties build() {
            return new MessageProperties(payloadFormatIndicator, messageExpiryInterval, contentType, responseTopic,
                    correlationData, userProperties);
        }
    }
}
