package io.tsunagu.ingest.session;

/** Where a connection is in its life. */
public enum ConnectionPhase {
    /** TCP is open; CONNECT is being validated, authenticated and answered. */
    CONNECTING,
    /** CONNACK accepted the connection; packets flow. */
    CONNECTED,
    /** The connection is closing or closed; nothing more is written to it. */
    CLOSED
}
