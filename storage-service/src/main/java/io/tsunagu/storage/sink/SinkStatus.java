package io.tsunagu.storage.sink;

import java.time.Instant;

/**
 * Whether a sink is currently unable to write: set when a batch write fails, cleared when a write succeeds. Each
 * sink has its own ({@link BatchWriter#status()}). Written by the sink, read by the readiness check; the fields are
 * volatile because those run on different threads.
 */
public final class SinkStatus {

    private volatile Instant failingSince;
    private volatile String lastFailure;

    /** When the current run of failed writes started, or null while writes succeed. */
    public Instant failingSince() {
        return failingSince;
    }

    /** The message of the latest failed write, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    void failed(Throwable failure) {
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        lastFailure = String.valueOf(failure.getMessage());
    }

    void succeeded() {
        failingSince = null;
        lastFailure = null;
    }
}
