package io.tsunagu.ingest.transport;

import io.netty.handler.traffic.TrafficCounter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes read from and written to the MQTT listener's client connections since the node started, as the socket
 * sees them: below the MQTT codec, so a malformed packet and a connection that never sends CONNECT count too (as in
 * Mosquitto's {@code $SYS/broker/bytes/...}).
 *
 * <p>The counting is Netty's: the server options carry {@code TrafficShapingOptions} without any bandwidth limit
 * ({@link MqttServerOptionsFactory}), so Vert.x puts one {@code GlobalTrafficShapingHandler} first in the pipeline of
 * every connection of the listener, and its {@link TrafficCounter} adds up every buffer read and written. Vert.x keeps
 * that handler to itself, so it is reached through the pipeline of the first connection that sends CONNECT
 * ({@link #watch}); the bytes of connections before that are in its counter all the same. The listener instances
 * share one port and so one handler; should they ever have several, their counters are summed. Thread-safe.
 */
@ApplicationScoped
public class ListenerTraffic {

    private final Set<TrafficCounter> counters = ConcurrentHashMap.newKeySet();

    /** Counts the connections of the listener that {@code channel} belongs to, if its pipeline has a counter. */
    void watch(EndpointChannel channel) {
        channel.listenerTrafficCounter().ifPresent(counters::add);
    }

    /** Bytes read from client connections since start. */
    long bytesReceived() {
        return counters.stream().mapToLong(TrafficCounter::cumulativeReadBytes).sum();
    }

    /** Bytes written to client connections since start. */
    long bytesSent() {
        return counters.stream().mapToLong(TrafficCounter::cumulativeWrittenBytes).sum();
    }
}
