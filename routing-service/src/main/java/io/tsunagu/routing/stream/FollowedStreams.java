package io.tsunagu.routing.stream;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;

/**
 * Several followed copies as one, so that one {@link StreamBarrier} snapshot (one look-up of the trigger partition's
 * end, one of every followed partition's end) serves all of them: the publish stream waits for both the session table
 * and the AMQP topology, and two barriers would look the trigger up twice for every snapshot.
 */
public final class FollowedStreams implements FollowedStream {

    private final List<FollowedStream> streams;

    private FollowedStreams(List<FollowedStream> streams) {
        this.streams = List.copyOf(streams);
    }

    public static FollowedStream of(FollowedStream... streams) {
        return new FollowedStreams(List.of(streams));
    }

    @Override
    public CompletionStage<Void> caughtUp() {
        return CompletableFuture.allOf(streams.stream()
                .map(stream -> stream.caughtUp().toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    @Override
    public boolean isCaughtUp() {
        return streams.stream().allMatch(FollowedStream::isCaughtUp);
    }

    /** Each copy waits for its own partitions' ends; an already reached copy costs no future. */
    @Override
    public CompletionStage<Void> reached(Map<TopicPartition, Long> ends) {
        CompletableFuture<?>[] pending = streams.stream()
                .map(stream -> stream.reached(own(stream, ends)).toCompletableFuture())
                .filter(reached -> !reached.isDone() || reached.isCompletedExceptionally())
                .toArray(CompletableFuture[]::new);
        return pending.length == 0 ? CompletableFuture.completedStage(null) : CompletableFuture.allOf(pending);
    }

    private static Map<TopicPartition, Long> own(FollowedStream stream, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> own = new HashMap<>();
        for (TopicPartition partition : stream.partitions()) {
            Long end = ends.get(partition);
            if (end != null) {
                own.put(partition, end);
            }
        }
        return own;
    }

    @Override
    public Set<TopicPartition> partitions() {
        Set<TopicPartition> partitions = new HashSet<>();
        streams.forEach(stream -> partitions.addAll(stream.partitions()));
        return partitions;
    }

    @Override
    public Optional<Throwable> failure() {
        return streams.stream().map(FollowedStream::failure).flatMap(Optional::stream).findFirst();
    }
}
