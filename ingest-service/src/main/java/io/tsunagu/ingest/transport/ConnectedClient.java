package io.tsunagu.ingest.transport;

import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.ingest.codec.ClientSettings;
import io.tsunagu.ingest.codec.MqttVersion;
import io.tsunagu.ingest.session.KeepAlive;

/**
 * The client of an accepted connection.
 *
 * @param tenant its tenant
 * @param clientId its client identifier (its own or assigned)
 * @param protocolVersion the MQTT protocol level
 * @param settings what it asked for in CONNECT (MQTT 5), or the defaults
 * @param keepAlive the negotiated keep-alive
 */
record ConnectedClient(String tenant, String clientId, int protocolVersion, ClientSettings settings,
        KeepAlive keepAlive) {

    /** The session key: the registry key and the session stream's record key. */
    String key() {
        return Streams.sessionKey(tenant, clientId);
    }

    boolean isMqtt5() {
        return MqttVersion.isMqtt5(protocolVersion);
    }
}
