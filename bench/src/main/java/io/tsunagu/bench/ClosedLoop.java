package io.tsunagu.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes as fast as the system under test delivers: at most {@code window} messages are on their way to each
 * subscriber (and, at QoS 1, unacknowledged) at any time, so every system is measured at the rate it sustains rather
 * than at the rate it can buffer. A message a broker drops (QoS 0 under overload) would hold its credit forever: when
 * no credit comes back for {@value #STALL_MILLIS} ms the missing messages are counted lost and their credit returned.
 */
final class ClosedLoop implements AutoCloseable {

    private static final long STALL_MILLIS = 2_000;

    private final Traffic traffic;
    private final List<Semaphore> deliveryCredits = new ArrayList<>();
    private final Semaphore acknowledgementCredits;
    private final Thread publisher;
    private volatile boolean running = true;
    private long lost;

    ClosedLoop(Traffic traffic, int window) {
        this.traffic = traffic;
        for (int s = 0; s < traffic.shape().subscribers(); s++) {
            deliveryCredits.add(new Semaphore(window));
        }
        acknowledgementCredits = new Semaphore(window);
        traffic.onDelivered(subscriber -> deliveryCredits.get(subscriber).release());
        traffic.onAcknowledged(acknowledgementCredits::release);
        publisher = Thread.ofPlatform().name("bench-publisher").daemon().start(this::publishLoop);
    }

    private void publishLoop() {
        int publishers = traffic.shape().publishers();
        boolean confirmed = traffic.shape().qos() != MqttQoS.AT_MOST_ONCE;
        long sent = 0;
        try {
            while (running) {
                for (int s = 0; s < deliveryCredits.size(); s++) {
                    takeCredit(s, sent);
                }
                if (confirmed) {
                    takeAcknowledgementCredit();
                }
                if (!running) {
                    return;
                }
                traffic.publish((int) (sent % publishers), System.nanoTime());
                sent++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void takeAcknowledgementCredit() throws InterruptedException {
        while (running && !acknowledgementCredits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            Thread.onSpinWait();
        }
    }

    private void takeCredit(int subscriber, long sent) throws InterruptedException {
        Semaphore credits = deliveryCredits.get(subscriber);
        while (running && !credits.tryAcquire(STALL_MILLIS, TimeUnit.MILLISECONDS)) {
            long missing = sent - traffic.deliveredTo(subscriber);
            if (missing > 0) {
                lost += missing;
                Log.warn("subscriber %d: %d messages did not arrive within %d ms; counted lost", subscriber, missing,
                        STALL_MILLIS);
                credits.release((int) Math.min(missing, Integer.MAX_VALUE));
            }
        }
    }

    /** Messages counted lost so far (each counted once per subscriber that missed it). */
    long lost() {
        return lost;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        publisher.join(TimeUnit.SECONDS.toMillis(10));
    }
}
