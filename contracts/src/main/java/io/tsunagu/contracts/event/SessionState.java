package io.tsunagu.contracts.event;

/** Whether a session event describes a live connection or the end of one. */
public enum SessionState {
    /** The client is connected to the event's node with the event's subscriptions. */
    CONNECTED,
    /** The connection ended and the session is gone: routing forgets its subscriptions. */
    ENDED
}
