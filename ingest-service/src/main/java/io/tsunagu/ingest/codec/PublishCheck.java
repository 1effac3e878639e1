package io.tsunagu.ingest.codec;

import io.tsunagu.contracts.error.IngestError;

/**
 * The outcome of validating an inbound PUBLISH and how to answer a refusal.
 *
 * @param error the refusal, or null when accepted
 * @param answer how to answer
 * @param reason why it was refused (for logs), or null
 */
public record PublishCheck(IngestError error, Answer answer, String reason) {

    private static final PublishCheck ACCEPTED = new PublishCheck(null, Answer.ACCEPT, null);

    /** How the server answers a PUBLISH. */
    public enum Answer {
        /** Hand the message off. */
        ACCEPT,
        /** MQTT 5 QoS 1 or 2: keep the connection and answer PUBACK or PUBREC with the error's reason code. */
        PUBACK_ERROR,
        /** MQTT 5: DISCONNECT with the error's reason code, then close; MQTT 3.1.1: close. */
        DISCONNECT
    }

    /** The accepted outcome. */
    public static PublishCheck accepted() {
        return ACCEPTED;
    }

    /** A refusal that ends the connection. */
    public static PublishCheck disconnect(IngestError error, String reason) {
        return new PublishCheck(error, Answer.DISCONNECT, reason);
    }

    /**
     * A refusal answered in PUBACK or PUBREC when the protocol allows it (MQTT 5 §3.4.2.1, §3.5.2.1), else by
     * ending the connection.
     */
    static PublishCheck rejected(IngestError error, String reason, InboundPublish publish, int protocolVersion) {
        boolean ackable = MqttVersion.isMqtt5(protocolVersion) && publish.qos() > 0;
        return new PublishCheck(error, ackable ? Answer.PUBACK_ERROR : Answer.DISCONNECT, reason);
    }

    /** True when the message may be handed off. */
    public boolean isAccepted() {
        return answer == Answer.ACCEPT;
    }
}
