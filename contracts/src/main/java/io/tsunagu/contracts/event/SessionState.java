package io.tsunagu.contracts.event;

/**
 * What a session event says about its session. The order is part of the record format (the state is written as
 * its ordinal): new states go at the end.
 */
public enum SessionState {
    /** The client is connected to the event's node with the event's subscriptions. */
    CONNECTED,
    /** The session is gone: routing forgets its subscriptions and its queue. */
    ENDED,
    /**
     * A persistent session without a connection: it keeps its subscriptions, and its QoS 1/2 messages are queued
     * until the client connects again or the session expires.
     */
    DISCONNECTED,
    /** The event's node asks for the session, held by another node, for a client connecting there now. */
    TAKEOVER
}
