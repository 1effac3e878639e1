package io.tsunagu.ingest.handoff;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** How far a consumer group has got on a stream. Thread-safe. */
public interface StreamProgress {

    /**
     * Reads the end offsets of {@code topic} now, then waits until {@code group} has committed an offset at or above
     * them on every partition (an empty partition counts as passed), asking again every {@code pollInterval}.
     * Completes with true once it has, with false when {@code timeout} passed first or the offsets could not be read.
     * Never fails.
     */
    Uni<Boolean> awaitGroupPassesEnd(String group, String topic, Duration timeout, Duration pollInterval);
}
