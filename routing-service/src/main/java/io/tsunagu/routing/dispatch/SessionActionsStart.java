package io.tsunagu.routing.dispatch;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Decides where the session-action consumer group ({@code tsunagu-routing-session-actions}, {@link
 * SessionActionRouter}) starts reading a session partition it has no committed offset for, and pins that start by
 * committing it at once.
 *
 * <p>Neither {@code auto.offset.reset} value is right on its own:
 * <ul>
 *   <li>{@code earliest} would make a new group replay the whole compacted session stream, and send retained
 *       messages again for SUBSCRIBEs that were answered long ago (stale, and against Retain Handling).</li>
 *   <li>{@code latest} skips the events written before the group's first poll, which comes only after the retained
 *       store caught up (a replay can take minutes). Worse, the throttled commit strategy commits a partition only
 *       once a record of it was processed: a partition that saw no event while a replica ran still has no committed
 *       offset when it restarts, and {@code latest} then silently skips every SUBSCRIBE written while routing was
 *       down. A restarted group must resume exactly where it stopped.</li>
 * </ul>
 * So a partition without a committed offset starts at the first session record written since this replica started
 * (by record timestamp, which ingest's producers set; clocks are assumed to agree within the time a replica takes to
 * start), or at its end if there is none, and that position is committed immediately. From then on the group always
 * resumes from its committed offsets, and {@code auto.offset.reset} (earliest) only applies when a committed offset
 * fell out of the log, where a few repeats beat silent loss.
 *
 * <p>Threading: called on the consumer's polling thread, where blocking calls on the consumer are allowed.
 */
@ApplicationScoped
@Identifier(SessionActionsStart.NAME)
public class SessionActionsStart implements KafkaConsumerRebalanceListener {

    /** The listener's name, configured as the session-action channel's {@code consumer-rebalance-listener.name}. */
    public static final String NAME = "tsunagu-routing-session-actions-start";

    private static final Logger LOG = Logger.getLogger(SessionActionsStart.class);

    /** When this replica's process started; the bean itself is created only at the first assignment. */
    private final Instant startedAt = ProcessHandle.current().info().startInstant().orElseGet(Instant::now);

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        Set<TopicPartition> fresh = new HashSet<>();
        for (TopicPartition partition : partitions) {
            if (committed.get(partition) == null) {
                fresh.add(partition);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> starts = startsOf(consumer, fresh);
        starts.forEach((partition, start) -> consumer.seek(partition, start));
        consumer.commitSync(starts);
        LOG.infof("Session actions start at %s for partitions without a committed offset (records since %s)",
                starts, startedAt);
    }

    private Map<TopicPartition, OffsetAndMetadata> startsOf(Consumer<?, ?> consumer, Set<TopicPartition> fresh) {
        Map<TopicPartition, Long> since = new HashMap<>();
        fresh.forEach(partition -> since.put(partition, startedAt.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(since);
        Map<TopicPartition, Long> ends = consumer.endOffsets(fresh);
        Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
        for (TopicPartition partition : fresh) {
            OffsetAndTimestamp first = byTime.get(partition);
            starts.put(partition, new OffsetAndMetadata(first != null ? first.offset() : ends.get(partition)));
        }
        return starts;
    }
}
