package io.tsunagu.routing.stream;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;

/**
 * A bean that keeps an in-memory copy of one compacted stream through its own {@link CompactedStreamReader}: starts
 * and stops the reader, and answers {@link FollowedStream} from it. Subclasses say which stream and what applies its
 * records, and start and stop with the application. Any thread.
 */
public abstract class CompactedStreamFollower implements FollowedStream {

    private final CompactedStreamReader reader;

    protected CompactedStreamFollower(CompactedStreamReader reader) {
        this.reader = reader;
    }

    /** Starts reading on the reader's own thread. */
    public void start() {
        reader.start();
    }

    /** Stops reading and waits (bounded) for the thread to end. */
    public void stop() {
        reader.stop();
    }

    @Override
    public CompletionStage<Void> caughtUp() {
        return reader.caughtUp();
    }

    @Override
    public boolean isCaughtUp() {
        return reader.isCaughtUp();
    }

    @Override
    public CompletionStage<Void> reached(Map<TopicPartition, Long> ends) {
        return reader.reached(ends);
    }

    @Override
    public Set<TopicPartition> partitions() {
        return reader.partitions();
    }

    @Override
    public Optional<Throwable> failure() {
        return reader.failure();
    }
}
