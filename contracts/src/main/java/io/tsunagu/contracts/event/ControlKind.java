package io.tsunagu.contracts.event;

/** The instructions routing gives ingest nodes. The order is part of the record format: add new kinds at the end. */
public enum ControlKind {
    /**
     * The client connected again on another node: close this node's connection of the session (MQTT 5 DISCONNECT
     * 0x8E, Session taken over [MQTT-3.1.4-3]) and hand its state over (write it as DISCONNECTED), without ending
     * the session.
     */
    TAKEOVER
}
