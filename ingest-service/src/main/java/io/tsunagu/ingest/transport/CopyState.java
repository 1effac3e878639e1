package io.tsunagu.ingest.transport;

/** Whether a copy handed back to its persistent session had been sent to the client. */
enum CopyState {
    /** Never written to the client: it goes out again as it was. */
    UNSENT,
    /** Written and not acknowledged: it goes out again with DUP 1 [MQTT-3.3.1-1] [MQTT-4.4.0-1]. */
    SENT
}
