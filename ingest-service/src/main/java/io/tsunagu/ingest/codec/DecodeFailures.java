package io.tsunagu.ingest.codec;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.tsunagu.contracts.error.IngestError;
import java.util.Optional;

/**
 * Classifies the failures the wire codec reports for a connection: which are the client's protocol mistakes
 * (answered with a reason code) and which are not (network errors). Pure functions.
 */
public final class DecodeFailures {

    /** Netty's MqttDecoder refuses wildcards in a PUBLISH topic [MQTT-3.3.2-2] with this message. */
    private static final String INVALID_PUBLISH_TOPIC = "invalid publish topic name";
    /** vertx-mqtt reports packet types it does not dispatch (AUTH) with this message. */
    private static final String WRONG_MESSAGE_TYPE = "Wrong MQTT message type";

    private DecodeFailures() {
    }

    /** The protocol error {@code failure} stands for, or empty when it is not the client's protocol mistake. */
    public static Optional<IngestError> classify(Throwable failure) {
        if (failure instanceof TooLongFrameException) {
            // Larger than the Maximum Packet Size we advertised (MQTT 5 §3.2.2.3.6): 0x95.
            return Optional.of(IngestError.PACKET_TOO_LARGE);
        }
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof DecoderException) {
            return Optional.of(message.contains(INVALID_PUBLISH_TOPIC)
                    ? IngestError.TOPIC_NAME_INVALID : IngestError.MALFORMED_PACKET);
        }
        if (message.startsWith(WRONG_MESSAGE_TYPE)) {
            return Optional.of(IngestError.PROTOCOL_ERROR);
        }
        return Optional.empty();
    }
}
