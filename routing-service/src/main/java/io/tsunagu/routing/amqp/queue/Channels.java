package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.ChannelRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The channels the owned queues know (of consumers and unacknowledged messages), each with when it was first heard
 * of, and the sweep that closes those whose ingest node died or restarted ({@link ChannelLiveness}).
 *
 * <p>Threading: the owner thread only.
 */
final class Channels {

    private static final Logger LOG = Logger.getLogger(Channels.class);

    private final ChannelLiveness liveness;
    private final Map<ChannelRef, Long> since = new HashMap<>();

    Channels(ChannelLiveness liveness) {
        this.liveness = liveness;
    }

    /** {@code channel} wrote a record at {@code timestamp} (epoch ms); the first one counts. */
    void heardOf(ChannelRef channel, long timestamp) {
        since.putIfAbsent(channel, timestamp);
    }

    /** When {@code channel} was first heard of; now, for a channel not heard of before. */
    long since(ChannelRef channel) {
        return since.computeIfAbsent(channel, unknown -> System.currentTimeMillis());
    }

    /**
     * Treats the channels of dead or restarted nodes as closed in each of {@code queues} (their messages go back,
     * their consumers go) and forgets channels no queue knows any more; returns the queues changed.
     */
    List<OwnedQueue> sweep(Iterable<OwnedQueue> queues) {
        List<OwnedQueue> changed = new ArrayList<>();
        if (!liveness.ready()) {
            return changed;
        }
        Instant now = Instant.now();
        Set<ChannelRef> referenced = new HashSet<>();
        for (OwnedQueue queue : queues) {
            for (ChannelRef channel : queue.channels()) {
                if (liveness.isGone(channel, since(channel), now)) {
                    LOG.infof("Channel %s of %s is gone with its node: its messages go back", channel,
                            queue.describe());
                    queue.channelGone(channel);
                    changed.add(queue);
                } else {
                    referenced.add(channel);
                }
            }
        }
        since.keySet().retainAll(referenced);
        return changed;
    }
}
