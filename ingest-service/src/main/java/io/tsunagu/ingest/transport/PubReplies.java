package io.tsunagu.ingest.transport;

import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.ingest.codec.ReasonCodes;
import org.jboss.logging.Logger;

/**
 * The QoS 2 acknowledgements of one connection: PUBREC, PUBREL and PUBCOMP, with a reason code when they refuse
 * (MQTT 5 §3.5, §3.6, §3.7). Success goes through vertx-mqtt's endpoint; a reason code goes straight to the socket
 * ({@link EndpointChannel#writePubReply}), as the endpoint cannot carry one. Event-loop only.
 */
final class PubReplies {

    private static final Logger LOG = Logger.getLogger(PubReplies.class);

    private final MqttConnection connection;

    PubReplies(MqttConnection connection) {
        this.connection = connection;
    }

    /** PUBREC {@code packetId}: success when {@code error} is null, else its reason code. */
    void pubrec(int packetId, IngestError error) {
        if (error == null) {
            connection.endpoint().publishReceived(packetId);
        } else if (!writeWithCode(MqttMessageType.PUBREC, packetId, error)) {
            connection.endpoint().publishReceived(packetId);
        }
    }

    /** PUBREL {@code packetId}: success when {@code error} is null, else its reason code. */
    void pubrel(int packetId, IngestError error) {
        if (error == null) {
            connection.endpoint().publishRelease(packetId);
        } else if (!writeWithCode(MqttMessageType.PUBREL, packetId, error)) {
            connection.endpoint().publishRelease(packetId);
        }
    }

    /** PUBCOMP {@code packetId}: success when {@code error} is null, else its reason code. */
    void pubcomp(int packetId, IngestError error) {
        if (error == null) {
            connection.endpoint().publishComplete(packetId);
        } else if (!writeWithCode(MqttMessageType.PUBCOMP, packetId, error)) {
            connection.endpoint().publishComplete(packetId);
        }
    }

    private boolean writeWithCode(MqttMessageType type, int packetId, IngestError error) {
        byte code = type == MqttMessageType.PUBREC ? ReasonCodes.pubrec(error).value() : (byte) error.mqttReasonCode();
        MqttProperties properties = connection.isMqtt5() ? connection.problemProperties(error)
                : MqttProperties.NO_PROPERTIES;
        boolean written = connection.channel().writePubReply(type, packetId, code, properties);
        if (!written) {
            LOG.debugf("connection %s: %s %d sent without its reason code %s (socket not reachable)",
                    connection.connectionId(), type, packetId, error.code());
        }
        return written;
    }
}
