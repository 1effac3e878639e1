package io.tsunagu.contracts.event;

/**
 * An ingest node's MQTT traffic since the start of its run, as its heartbeat ({@link NodeEvent}) carries it: the
 * numbers behind Mosquitto's {@code $SYS/broker/messages/sent}, {@code $SYS/broker/bytes/received} and
 * {@code $SYS/broker/bytes/sent}. Each counter only grows during a run and starts from 0 again when the node restarts.
 *
 * @param messagesSent PUBLISH packets written to clients
 * @param bytesReceived bytes read from client connections
 * @param bytesSent bytes written to client connections
 */
public record NodeTraffic(long messagesSent, long bytesReceived, long bytesSent) {

    /** No traffic: a node that has just started. */
    public static final NodeTraffic NONE = new NodeTraffic(0, 0, 0);

    public NodeTraffic {
        requireNotNegative(messagesSent, "messagesSent");
        requireNotNegative(bytesReceived, "bytesReceived");
        requireNotNegative(bytesSent, "bytesSent");
    }

    /** The sum of this traffic and {@code other}'s, saturating at {@link Long#MAX_VALUE}. */
    public NodeTraffic plus(NodeTraffic other) {
        return new NodeTraffic(saturatedAdd(messagesSent, other.messagesSent),
                saturatedAdd(bytesReceived, other.bytesReceived), saturatedAdd(bytesSent, other.bytesSent));
    }

    private static long saturatedAdd(long left, long right) {
        long sum = left + right;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
