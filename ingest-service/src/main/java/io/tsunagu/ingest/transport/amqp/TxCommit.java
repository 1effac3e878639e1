package io.tsunagu.ingest.transport.amqp;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * One tx.commit in progress: the publish sequence numbers handed to Kafka and those routing has not reported
 * routed yet. Event-loop only.
 */
final class TxCommit {

    private final Set<Long> inKafka = new HashSet<>();
    private final Set<Long> unrouted = new HashSet<>();
    private int handOffs;
    private boolean failed;
    private Future<?> timer;

    TxCommit(int handOffs) {
        this.handOffs = handOffs;
    }

    void expect(long seq) {
        inKafka.add(seq);
        unrouted.add(seq);
    }

    /** Kafka answered for {@code seq}; true when this completes the hand-offs. */
    boolean handedOff(long seq, boolean accepted) {
        if (!inKafka.remove(seq)) {
            return false;
        }
        failed |= !accepted;
        handOffs--;
        return handOffs == 0;
    }

    /** Routing reported {@code seq} routed; true when the commit may now finish. */
    boolean routed(long seq) {
        return unrouted.remove(seq) && isComplete();
    }

    /** Every publish is in Kafka (or one failed). */
    boolean isComplete() {
        return handOffs == 0;
    }

    boolean allRouted() {
        return unrouted.isEmpty();
    }

    boolean failed() {
        return failed;
    }

    boolean waiting() {
        return timer != null;
    }

    void startWaiting(Future<?> outcomeTimer) {
        timer = outcomeTimer;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
