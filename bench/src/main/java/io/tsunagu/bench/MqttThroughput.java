package io.tsunagu.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * S1 (fan-in) and S2 (fan-out): publishers publish through a {@link ClosedLoop} to wildcard subscribers; the figure is
 * messages delivered per second, summed over the subscribers, with end-to-end latencies beside it.
 */
final class MqttThroughput implements Scenario {

    private final String id;
    private final String title;
    private final SequencedMap<String, Traffic.Shape> variants;
    private final Vertx vertx;
    private final Settings settings;
    private final StoredRows rows;
    private final int window;

    private MqttThroughput(String id, String title, SequencedMap<String, Traffic.Shape> variants, Vertx vertx,
                           Settings settings, int window) {
        this.id = id;
        this.title = title;
        this.variants = variants;
        this.vertx = vertx;
        this.settings = settings;
        this.rows = new StoredRows(settings.database());
        this.window = window;
    }

    static MqttThroughput fanIn(Vertx vertx, Settings settings, int window) {
        SequencedMap<String, Traffic.Shape> variants = new LinkedHashMap<>();
        for (int publishers : new int[] {10, 100}) {
            for (MqttQoS qos : new MqttQoS[] {MqttQoS.AT_MOST_ONCE, MqttQoS.AT_LEAST_ONCE}) {
                for (int bytes : new int[] {64, 1024}) {
                    variants.put(publishers + " pub → 1 sub, QoS " + qos.value() + ", " + size(bytes),
                            new Traffic.Shape(publishers, 1, qos, bytes));
                }
            }
        }
        return new MqttThroughput("s1", "S1 fan-in: many publishers, one wildcard subscriber", variants, vertx,
                settings, window);
    }

    static MqttThroughput fanOut(Vertx vertx, Settings settings, int window) {
        SequencedMap<String, Traffic.Shape> variants = new LinkedHashMap<>();
        for (int subscribers : new int[] {10, 100}) {
            variants.put("1 pub → " + subscribers + " sub, QoS 0, 64 B",
                    new Traffic.Shape(1, subscribers, MqttQoS.AT_MOST_ONCE, 64));
            variants.put("1 pub → " + subscribers + " sub, QoS 1, 64 B",
                    new Traffic.Shape(1, subscribers, MqttQoS.AT_LEAST_ONCE, 64));
        }
        return new MqttThroughput("s2", "S2 fan-out: one publisher, many subscribers", variants, vertx, settings,
                window);
    }

    private static String size(int bytes) {
        return bytes >= 1024 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String method() {
        return "MQTT 3.1.1 clients of one generator process (Vert.x MQTT client) on 127.0.0.1. Subscribers hold "
                + "`bench/<run>/+/data` at the publishers' QoS; publishers publish as fast as the system delivers, with "
                + "at most " + window + " messages on their way to each subscriber (and, at QoS 1, unacknowledged) "
                + "at any time. *delivered/s* counts messages received by the subscribers (summed over them), "
                + "*acked/s* PUBACKs received by the publishers; latencies are from the publish call to the "
                + "subscriber's receipt. For Tsunagu every message is also stored in PostgreSQL: *persisted %* is "
                + "the share of the run's messages stored, *all stored after s* how long after the last publish the "
                + "last row was there.";
    }

    @Override
    public List<String> variants() {
        return List.copyOf(variants.sequencedKeySet());
    }

    @Override
    public Measurement run(String variant, Target target, int run) throws Exception {
        Traffic.Shape shape = variants.get(variant);
        Measurement measurement = new Measurement();
        try (Traffic traffic = Traffic.open(vertx, target, shape, RunIds.next(id))) {
            Measuring.Window measured;
            long lost;
            try (ClosedLoop loop = new ClosedLoop(traffic, window)) {
                measured = Measuring.measure(traffic, settings);
                lost = loop.lost();
            }
            measurement.put("delivered/s", measured.perSecond(measured.counts().delivered()));
            if (shape.qos() != MqttQoS.AT_MOST_ONCE) {
                measurement.put("acked/s", measured.perSecond(measured.counts().acknowledged()));
            }
            Measuring.putLatencies(measurement, measured.latency());
            measurement.put("lost", lost);
            Measuring.putPersistence(measurement, traffic, target, rows);
        }
        return measurement;
    }
}
