package io.tsunagu.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * S3: latency at a steady load well below saturation, {@value #RATE} messages per second from {@value #PUBLISHERS}
 * publishers to one wildcard subscriber, 64-byte payloads; p50/p99/p99.9 from the time each message was due.
 */
final class SteadyLatency implements Scenario {

    static final int RATE = 5_000;
    static final int PUBLISHERS = 100;
    private static final List<String> VARIANTS = List.of("QoS 0", "QoS 1");

    private final Vertx vertx;
    private final Settings settings;
    private final StoredRows rows;

    SteadyLatency(Vertx vertx, Settings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.rows = new StoredRows(settings.database());
    }

    @Override
    public String id() {
        return "s3";
    }

    @Override
    public String title() {
        return "S3 latency: " + RATE + " msg/s steady from " + PUBLISHERS + " publishers";
    }

    @Override
    public String method() {
        return "One generator thread publishes " + RATE + " messages per second round-robin over " + PUBLISHERS
                + " publishers (64-byte payloads carrying the time each was due, so a stall is not hidden) to one "
                + "subscriber of `bench/<run>/+/data` at the same QoS. Latency: from the due time to the subscriber's "
                + "receipt, after the warm-up, in one HdrHistogram. Target: p99 ≤ 5 ms.";
    }

    @Override
    public List<String> variants() {
        return VARIANTS;
    }

    @Override
    public boolean lowerIsBetter() {
        return true;
    }

    /** The p99 of a freshly started platform fell for minutes after its rate was steady. */
    @Override
    public boolean warmsUntilSteady() {
        return true;
    }

    @Override
    public Measurement run(String variant, Target target, int run) throws Exception {
        MqttQoS qos = variant.endsWith("1") ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        Traffic.Shape shape = new Traffic.Shape(PUBLISHERS, 1, qos, 64);
        Measurement measurement = new Measurement();
        try (Traffic traffic = Traffic.open(vertx, target, shape, RunIds.next(id()))) {
            Measuring.Window measured;
            try (FixedRate ignored = new FixedRate(traffic, RATE)) {
                measured = Measuring.measure(traffic, settings);
            }
            measurement.put("p99 ms", measured.latency().getValueAtPercentile(99) / 1000.0)
                    .put("p50 ms", measured.latency().getValueAtPercentile(50) / 1000.0)
                    .put("p99.9 ms", measured.latency().getValueAtPercentile(99.9) / 1000.0)
                    .put("max ms", measured.latency().getMaxValue() / 1000.0)
                    .put("delivered/s", measured.perSecond(measured.counts().delivered()));
            Measuring.putPersistence(measurement, traffic, target, rows);
        }
        return measurement;
    }
}
