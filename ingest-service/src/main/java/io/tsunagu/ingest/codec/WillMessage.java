package io.tsunagu.ingest.codec;

/**
 * The Will Message of an accepted CONNECT (MQTT 5 §3.1.3.2): published as if the client had sent it when its
 * connection ends other than by a normal DISCONNECT.
 *
 * @param publish the message: Will Topic, Will QoS, Will Retain, the will properties (payload format indicator,
 *     message expiry, content type, response topic, correlation data, user properties) and the Will Payload
 * @param delaySeconds the Will Delay Interval, 0 when absent (MQTT 5 §3.1.3.2.2; always 0 before MQTT 5)
 */
public record WillMessage(InboundPublish publish, long delaySeconds) {
}
