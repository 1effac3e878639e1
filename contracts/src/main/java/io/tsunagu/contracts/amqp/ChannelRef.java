package io.tsunagu.contracts.amqp;

import java.util.Objects;

/**
 * One AMQP channel of one connection on one ingest node: where a queue's owner sends what belongs to that channel
 * (deliveries, get answers, replies) and whose unacknowledged messages it gives back when the channel goes.
 *
 * @param nodeId the ingest node holding the connection (its delivery stream is the address)
 * @param connectionId the connection's id, unique on that node across its restarts
 * @param channel the channel number, 1-65535
 */
public record ChannelRef(String nodeId, String connectionId, int channel) {

    public ChannelRef {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(connectionId, "connectionId");
        if (channel < 0 || channel > 0xFFFF) {
            throw new IllegalArgumentException("channel out of range: " + channel);
        }
    }
}
