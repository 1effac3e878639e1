package io.tsunagu.routing.stream;

import java.util.Arrays;
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
    private volatile Split lastSplit;

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

    /**
     * Each copy waits for its own partitions' ends; an already reached copy costs no future. A barrier asks with the
     * same snapshot for every record it covers, so the snapshot is split between the copies once, not per record.
     */
    @Override
    public CompletionStage<Void> reached(Map<TopicPartition, Long> ends) {
        List<Map<TopicPartition, Long>> own = split(ends);
        CompletableFuture<?>[] pending = new CompletableFuture<?>[streams.size()];
        int count = 0;
        for (int i = 0; i < streams.size(); i++) {
            CompletableFuture<Void> reached = streams.get(i).reached(own.get(i)).toCompletableFuture();
            if (!reached.isDone() || reached.isCompletedExceptionally()) {
                pending[count++] = reached;
            }
        }
        return count == 0 ? CompletableFuture.completedStage(null)
                : CompletableFuture.allOf(Arrays.copyOf(pending, count));
    }

    private List<Map<TopicPartition, Long>> split(Map<TopicPartition, Long> ends) {
        Split last = lastSplit;
        if (last != null && last.ends() == ends) {
            return last.own();
        }
        List<Map<TopicPartition, Long>> own = streams.stream().map(stream -> own(stream, ends)).toList();
        lastSplit = new Split(ends, own);
        return own;
    }

    /** A snapshot's end offsets (compared by identity) and each copy's share of them, in the order of the copies. */
    private record Split(Map<TopicPartition, Long> ends, List<Map<TopicPartition, Long>> own) {
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
