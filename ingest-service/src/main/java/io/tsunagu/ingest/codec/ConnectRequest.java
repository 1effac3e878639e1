package io.tsunagu.ingest.codec;

/**
 * The CONNECT fields that decide whether a connection is accepted.
 *
 * @param protocolVersion the protocol level (3, 4 or 5)
 * @param clientId the client identifier as sent; null or empty when the client sent none
 * @param cleanStart MQTT 3.1.1 CleanSession, MQTT 5 Clean Start
 * @param keepAliveSeconds the client's Keep Alive, 0 meaning none
 */
public record ConnectRequest(int protocolVersion, String clientId, boolean cleanStart, int keepAliveSeconds) {

    /** True when the client sent a zero-length client identifier. */
    public boolean hasEmptyClientId() {
        return clientId == null || clientId.isEmpty();
    }
}
