package io.tsunagu.bench;

import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * S4: what an idle MQTT connection costs the server. {@code BENCH_S4_CONNECTIONS} (default 50,000) clients connect and
 * stay idle; the figure is the growth of the server process's resident set (and, for a JVM, of its heap after a full
 * collection) divided by the connections it holds. The count comes from the environment rather than {@link Settings}
 * because only this scenario has it, and {@code bench/bench.sh} lowers it where the open-file limit is too low.
 */
final class IdleConnections implements Scenario {

    private static final Duration CONNECT_WITHIN = Duration.ofMinutes(3);
    /** The server may set up a connection's state after its CONNACK (RabbitMQ does); wait at least this long. */
    private static final Duration SETTLE_AT_LEAST = Duration.ofSeconds(5);
    private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(30);
    /** Resident set growth per second below which the server counts as settled. */
    private static final double SETTLED_GROWTH = 0.005;
    private static final Duration RELEASE = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final int connections;
    private final Map<String, Long> residentAtStart = new HashMap<>();

    IdleConnections(Vertx vertx) {
        this.vertx = vertx;
        this.connections = Integer.parseInt(System.getenv().getOrDefault("BENCH_S4_CONNECTIONS", "50000"));
    }

    /** Memory, not speed: nothing to compile first, and a warm-up run would cost as long as a measured one. */
    @Override
    public boolean warmsUp() {
        return false;
    }

    @Override
    public String id() {
        return "s4";
    }

    @Override
    public String title() {
        return String.format(Locale.ROOT, "S4 connections: %,d idle", connections);
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "The generator opens %,d MQTT 3.1.1 connections (clean session, keep-alive "
                + "600 s, no subscriptions, nothing published; a bounded number connecting at a time, from several "
                + "127.0.0.x source addresses past %,d) and leaves them idle. The server process is Tsunagu's ingest service, "
                + "Mosquitto's `mosquitto` and RabbitMQ's Erlang VM (`beam.smp`). Its resident set (VmRSS) is read "
                + "before the connections are opened and again once it has stopped growing (at least %d s after the "
                + "last CONNACK, until it grows by less than %.1f %% a second, at most %d s); *RSS KiB/conn* is the "
                + "difference divided by *connected*, the connections the server accepted within %d minutes. For the "
                + "JVM (Tsunagu) `jcmd GC.run` forces a full collection before each reading, and *heap KiB/conn* is "
                + "the growth of the heap in use after it (`jcmd GC.heap_info`) per connection. *connects/s*: "
                + "connections accepted per second while opening them. After each run the clients disconnect and "
                + "the server gets %d s to let them go. A process keeps memory that an earlier run's connections freed "
                + "(allocator pools), so the resident set is measured from before the scenario's first run against "
                + "the system, not from each run's start; the heap after a full collection does not depend on it. "
                + "The warm-up and measured time of the other "
                + "scenarios do not apply. Target: ≤ 4 KiB of heap per idle connection.",
                connections, MqttFleet.PER_SOURCE_ADDRESS, SETTLE_AT_LEAST.toSeconds(), SETTLED_GROWTH * 100,
                SETTLE_AT_MOST.toSeconds(), CONNECT_WITHIN.toMinutes(), RELEASE.toSeconds());
    }

    @Override
    public List<String> variants() {
        return List.of(String.format(Locale.ROOT, "%,d idle MQTT connections", connections));
    }

    @Override
    public boolean lowerIsBetter() {
        return true;
    }

    @Override
    public Measurement run(String variant, Target target, int run) throws Exception {
        ProcessMemory memory = ProcessMemory.of(target);
        Reading before = read(memory, target);
        long residentAtStart = residentAtStart(target, before);
        MqttFleet fleet = new MqttFleet(vertx);
        try {
            long start = System.nanoTime();
            List<MqttClient> connected = fleet.connect(target,
                    new MqttFleet.Batch(RunIds.next(id()), connections, CONNECT_WITHIN), client -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            if (connected.isEmpty()) {
                throw new IllegalStateException(target.name() + " accepted none of " + connections + " connections");
            }
            if (connected.size() < connections) {
                Log.warn("%s accepted %d of %d connections within %s", target.name(), connected.size(), connections,
                        CONNECT_WITHIN);
            }
            awaitSettled(memory);
            Reading after = read(memory, target);
            return measurement(new Reading(residentAtStart, before.heapKiB()), after, connected.size(), seconds);
        } finally {
            fleet.close();
            Thread.sleep(RELEASE.toMillis());
        }
    }

    /**
     * The resident set before this scenario's first run against the target: allocators keep what an earlier run's
     * connections freed, so a later run measured from its own start would see almost no growth (Mosquitto: 0.7 KiB per
     * connection in the first run, 0.01 in the second). Measured from the first run's start, every run sees the cost
     * of holding its connections.
     */
    private long residentAtStart(Target target, Reading before) {
        return residentAtStart.computeIfAbsent(target.name(), name -> before.residentKiB());
    }

    /** Memory at one moment: resident set, and heap after a full collection (-1 when the process is no JVM). */
    private record Reading(long residentKiB, long heapKiB) {
    }

    /** For a JVM the collection comes first, so that neither reading counts garbage. */
    private static Reading read(ProcessMemory memory, Target target) throws Exception {
        long heap = target.jvm() ? memory.heapUsedAfterGcKiB() : -1;
        return new Reading(memory.residentKiB(), heap);
    }

    private static void awaitSettled(ProcessMemory memory) throws Exception {
        Thread.sleep(SETTLE_AT_LEAST.toMillis());
        long deadline = System.nanoTime() + SETTLE_AT_MOST.minus(SETTLE_AT_LEAST).toNanos();
        long previous = memory.residentKiB();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            long now = memory.residentKiB();
            if (now - previous < previous * SETTLED_GROWTH) {
                return;
            }
            previous = now;
        }
        Log.warn("pid %d: resident set still growing %d s after the connections were opened", memory.pid(),
                SETTLE_AT_MOST.toSeconds());
    }

    private static Measurement measurement(Reading before, Reading after, int connected, double seconds) {
        Measurement measurement = new Measurement()
                .put("RSS KiB/conn", (after.residentKiB() - before.residentKiB()) / (double) connected);
        if (after.heapKiB() >= 0) {
            measurement.put("heap KiB/conn", (after.heapKiB() - before.heapKiB()) / (double) connected);
        }
        return measurement.put("connected", connected)
                .put("connects/s", connected / seconds);
    }
}
