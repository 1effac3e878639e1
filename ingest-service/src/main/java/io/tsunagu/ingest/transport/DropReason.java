package io.tsunagu.ingest.transport;

/** Why a message was not delivered or not handed off: the {@code reason} tag of {@code tsunagu.messages.dropped}. */
enum DropReason {
    /**
     * The recipient is not connected to this node, and its copy cannot be handed back (QoS 0, or not a persistent
     * session that left this node recently).
     */
    NOT_CONNECTED("not-connected"),
    /** The recipient's outbound queue was full. */
    QUEUE_FULL("queue-full"),
    /** The message expired before it could be sent [MQTT-3.3.2-5]. */
    EXPIRED("expired"),
    /** The PUBLISH would exceed the recipient's Maximum Packet Size [MQTT-3.1.2-25]. */
    PACKET_TOO_LARGE("packet-too-large"),
    /** A QoS 0 message found the recipient's socket unwritable. */
    SLOW_SUBSCRIBER("slow-subscriber"),
    /**
     * The recipient's connection ended with the message queued or unacknowledged, and it could not be handed back
     * (QoS 0, or a session that ends with its connection).
     */
    CONNECTION_CLOSED("connection-closed"),
    /** A QoS 0 publish could not be handed off to Kafka. */
    HANDOFF_FAILED("handoff-failed"),
    /** The authorizer refused a QoS 0 or MQTT 3.1/3.1.1 PUBLISH, which has no way to tell the client. */
    NOT_AUTHORIZED("not-authorized"),
    /** A delivery addressed to another node reached this one. */
    WRONG_NODE("wrong-node"),
    /**
     * A live delivery this connection already had: routing sent a stretch of the publish stream again after a
     * crash, and the copy is dropped so that a QoS 2 subscriber gets the message once.
     */
    DUPLICATE("duplicate");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    /** The metric tag value. */
    String tag() {
        return tag;
    }
}
