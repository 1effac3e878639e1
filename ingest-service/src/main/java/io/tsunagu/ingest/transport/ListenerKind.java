package io.tsunagu.ingest.transport;

/** The ways a client reaches the MQTT protocol: over TCP, TLS, WebSocket or WebSocket over TLS. */
public enum ListenerKind {
    /** MQTT over TCP. */
    MQTT("mqtt", false, false),
    /** MQTT over TLS. */
    MQTT_TLS("mqtts", true, false),
    /** MQTT over WebSocket at {@code /mqtt}. */
    WS("ws", false, true),
    /** MQTT over WebSocket over TLS at {@code /mqtt}. */
    WSS("wss", true, true);

    private final String scheme;
    private final boolean tls;
    private final boolean webSocket;

    ListenerKind(String scheme, boolean tls, boolean webSocket) {
        this.scheme = scheme;
        this.tls = tls;
        this.webSocket = webSocket;
    }

    /** The URL scheme clients use for it, also the prefix of its connection ids. */
    public String scheme() {
        return scheme;
    }

    boolean isTls() {
        return tls;
    }

    boolean isWebSocket() {
        return webSocket;
    }
}
