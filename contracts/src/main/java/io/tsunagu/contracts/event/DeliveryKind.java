package io.tsunagu.contracts.event;

/** Why a message is delivered, which decides the RETAIN flag the subscriber sees. */
public enum DeliveryKind {
    /** A message routed as it was published: RETAIN is 0 unless the subscription asked for Retain As Published. */
    LIVE,
    /** A retained message sent because of a new subscription: RETAIN is 1 (MQTT 5 §3.3.1.3, 3.1.1 [MQTT-3.3.1-8]). */
    RETAINED,
    /**
     * A message that was sent to the client and not acknowledged when its connection ended, sent again on its next
     * connection with DUP 1 [MQTT-4.4.0-1]. New kinds go at the end: the kind is written as its ordinal.
     */
    REQUEUED
}
