package io.tsunagu.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes at a fixed total rate, round-robin over the publishers. Each message carries the time it was due, not
 * the time it went out, so a stall of the sender or the system shows in the latencies instead of hiding them
 * (coordinated omission).
 */
final class FixedRate implements AutoCloseable {

    private final Traffic traffic;
    private final long intervalNanos;
    private final Thread sender;
    private volatile boolean running = true;

    FixedRate(Traffic traffic, int messagesPerSecond) {
        this.traffic = traffic;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / messagesPerSecond;
        sender = Thread.ofPlatform().name("bench-fixed-rate").daemon().start(this::sendLoop);
    }

    private void sendLoop() {
        int publishers = traffic.shape().publishers();
        long start = System.nanoTime();
        long sent = 0;
        while (running) {
            long due = start + sent * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            traffic.publish((int) (sent % publishers), due);
            sent++;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.join(TimeUnit.SECONDS.toMillis(10));
    }
}
