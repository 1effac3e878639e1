package io.tsunagu.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S5: how fast Tsunagu gets QoS 1 publishes into PostgreSQL, against the ceiling of that PostgreSQL taking the same
 * rows by {@code COPY} ({@link CopyCeiling}). The number of messages, {@code BENCH_S5_MESSAGES} (default 200,000),
 * comes from the environment rather than {@link Settings} because only this scenario has it.
 */
final class DurableIngest implements Scenario {

    static final int PUBLISHERS = 100;
    static final int PAYLOAD_BYTES = 256;
    /** PUBACKs outstanding at most, over all publishers. */
    static final int WINDOW = 1_000;
    /** The pseudo system of the COPY ceiling; second in the targets, so the report shows Tsunagu/COPY. */
    static final Target COPY = new Target("COPY ceiling", 0, Optional.empty(), Optional.empty(), false);

    /** A run fails when no PUBACK arrives for this long. */
    private static final Duration STALL = Duration.ofSeconds(60);
    private static final Duration STORED_WITHIN = Duration.ofMinutes(5);

    private final Vertx vertx;
    private final Settings settings;
    private final StoredRows rows;
    private final CopyCeiling ceiling;
    private final int messages;

    DurableIngest(Vertx vertx, Settings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.rows = new StoredRows(settings.database());
        this.ceiling = new CopyCeiling(rows);
        this.messages = Integer.parseInt(System.getenv().getOrDefault("BENCH_S5_MESSAGES", "200000"));
    }

    @Override
    public String id() {
        return "s5";
    }

    @Override
    public String title() {
        return "S5 durable ingest: QoS 1 publishes stored in PostgreSQL";
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "Tsunagu: %d MQTT 3.1.1 publishers publish %,d messages at QoS 1 "
                + "(%d-byte payloads, round-robin over the publishers, at most %,d PUBACKs outstanding in all), "
                + "after a warm-up of the same traffic for the settings' warm-up time whose rows are stored before "
                + "the clock starts. The clock starts at the first publish. *stored rows/s* is the message count "
                + "over the time until PostgreSQL's `messages` table held all of them (polled every 100 ms), "
                + "*acked/s* the count over the time until the last PUBACK. COPY ceiling: the same number of rows, "
                + "shaped as Tsunagu stores them (time-ordered message ids, UUID version 7 as Tsunagu assigns "
                + "them; the run's client ids and topics, %d-byte payloads, QoS 1), encoded beforehand and sent by "
                + "one `COPY ... FROM STDIN (FORMAT binary)` into an empty scratch table `LIKE messages INCLUDING "
                + "ALL` (same indexes and constraints) of the same PostgreSQL, timed from the start of the COPY to "
                + "its commit. Tsunagu's storage also keeps the "
                + "`topics` table up to date and writes into a `messages` table that grows over the benchmark; the "
                + "ceiling does neither. Target: ≥ 80 %% of the COPY rate.",
                PUBLISHERS, messages, PAYLOAD_BYTES, WINDOW, PAYLOAD_BYTES);
    }

    @Override
    public List<String> variants() {
        return List.of(String.format(Locale.ROOT, "%d publishers, QoS 1, %d B, %,d messages", PUBLISHERS,
                PAYLOAD_BYTES, messages));
    }

    @Override
    public List<Target> targets(Settings settings) {
        return List.of(settings.tsunagu(), COPY);
    }

    @Override
    public Measurement run(String variant, Target target, int run) throws Exception {
        if (target.equals(COPY)) {
            double perSecond = ceiling.rowsPerSecond(new CopyCeiling.Rows(RunIds.next(id()), PUBLISHERS, messages,
                    PAYLOAD_BYTES));
            return new Measurement().put("stored rows/s", perSecond);
        }
        if (!settings.warmup().isZero()) {
            warmUp(target);
        }
        return ingest(target);
    }

    private Traffic.Shape shape() {
        return new Traffic.Shape(PUBLISHERS, 0, MqttQoS.AT_LEAST_ONCE, PAYLOAD_BYTES);
    }

    /** The same traffic for the warm-up time, then until its rows are stored, so the measured run starts idle. */
    private void warmUp(Target target) throws Exception {
        try (Traffic traffic = Traffic.open(vertx, target, shape(), RunIds.next(id()))) {
            try (ClosedLoop ignored = new ClosedLoop(traffic, WINDOW)) {
                Thread.sleep(settings.warmup().toMillis());
            }
            long published = traffic.counts().published();
            if (rows.awaitRows(traffic.topicPrefix(), published, STORED_WITHIN).completeAtNanos() < 0) {
                Log.warn("%s: the warm-up's %d messages were not all stored within %s", target.name(), published,
                        STORED_WITHIN);
            }
        }
    }

    private Measurement ingest(Target target) throws Exception {
        try (Traffic traffic = Traffic.open(vertx, target, shape(), RunIds.next(id()))) {
            Semaphore window = new Semaphore(WINDOW);
            AtomicLong lastAck = new AtomicLong();
            traffic.onAcknowledged(() -> {
                lastAck.set(System.nanoTime());
                window.release();
            });
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                awaitCredit(window, 1, traffic);
                traffic.publish(i % PUBLISHERS, System.nanoTime());
            }
            awaitCredit(window, WINDOW, traffic);
            StoredRows.Arrival arrival = rows.awaitRows(traffic.topicPrefix(), messages, STORED_WITHIN);
            if (arrival.completeAtNanos() < 0) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s stored only %d of %d messages within %s",
                        target.name(), arrival.stored(), messages, STORED_WITHIN));
            }
            return new Measurement()
                    .put("stored rows/s", messages / seconds(start, arrival.completeAtNanos()))
                    .put("acked/s", messages / seconds(start, lastAck.get()));
        }
    }

    private void awaitCredit(Semaphore window, int permits, Traffic traffic) throws InterruptedException {
        if (!window.tryAcquire(permits, STALL.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "no PUBACK for %s after %d of %d messages",
                    STALL, traffic.counts().acknowledged(), messages));
        }
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
