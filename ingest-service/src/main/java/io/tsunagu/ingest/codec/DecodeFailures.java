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
    /** Netty's MqttQoS refuses the Maximum QoS 3 of a subscription with this message. */
    private static final String INVALID_QOS = "invalid QoS";
    /** Netty refuses the Retain Handling 3 of a subscription with this message. */
    private static final String INVALID_RETAIN_HANDLING = "invalid RetainedHandlingPolicy";

    private DecodeFailures() {
    }

    /**
     * The protocol error {@code failure} stands for, or empty when it is not the client's protocol mistake.
     * <ul>
     *   <li>A rule of {@link RawPacketRules} broken: its error.</li>
     *   <li>Larger than the Maximum Packet Size we advertised: 0x95 (MQTT 5 §3.2.2.3.6).</li>
     *   <li>A wildcard in a PUBLISH topic: 0x90 [MQTT-3.3.2-2].</li>
     *   <li>A subscription's Maximum QoS 3 or Retain Handling 3: a Protocol Error, 0x82 (MQTT 5 §3.8.3.1). Netty's
     *       enums refuse them with an {@link IllegalArgumentException} while decoding.</li>
     *   <li>Any other decoder failure, and an {@link IllegalArgumentException} from the codec's lookups (packet type
     *       0, an undefined property identifier, an undefined reason code): malformed, 0x81.</li>
     * </ul>
     * Packet types vertx-mqtt does not dispatch (AUTH, server-to-client packets) never arrive here: it reports them
     * past its own handler, where nobody hears them; {@link InboundPackets} catches them before it.
     */
    public static Optional<IngestError> classify(Throwable failure) {
        if (failure instanceof ProtocolViolationException violation) {
            return Optional.of(violation.error());
        }
        if (failure instanceof TooLongFrameException) {
            return Optional.of(IngestError.PACKET_TOO_LARGE);
        }
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof DecoderException) {
            return Optional.of(message.contains(INVALID_PUBLISH_TOPIC)
                    ? IngestError.TOPIC_NAME_INVALID : IngestError.MALFORMED_PACKET);
        }
        if (failure instanceof IllegalArgumentException) {
            return Optional.of(message.startsWith(INVALID_QOS) || message.startsWith(INVALID_RETAIN_HANDLING)
                    ? IngestError.PROTOCOL_ERROR : IngestError.MALFORMED_PACKET);
        }
        return Optional.empty();
    }
}
