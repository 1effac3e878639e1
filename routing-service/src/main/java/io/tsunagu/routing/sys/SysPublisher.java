package io.tsunagu.routing.sys;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.config.RoutingOptions;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes the {@code $SYS/broker/...} statistics ({@link SysSnapshot}) every {@code tsunagu.routing.sys-interval},
 * on the one replica that owns publish partition 0 ({@link SysOwnership}).
 *
 * <p>Each statistic is published as ingest publishes a retained message: one publish record (tenant
 * {@value #TENANT}, client id {@value #CLIENT_ID}, node id {@value #NODE_ID}, QoS 0, RETAIN set) written to both the
 * publish stream, so current subscribers get it live, and the retained stream, so a new subscriber gets the latest
 * value at once, through the {@link StreamWriter}. Filters that start with a wildcard do not match them
 * [MQTT-4.7.2-1]: a client subscribes to {@code $SYS/#}.
 *
 * <p>A round is skipped while the previous one is still waiting for Kafka; a failed round is logged and the next
 * one tries again. Threading: the timer fires on a Vert.x event loop; nothing here blocks.
 */
@ApplicationScoped
public class SysPublisher {

    /** The tenant the statistics are published in: the one every client belongs to until users exist. */
    public static final String TENANT = "default";
    /** The publisher's client id in the records. */
    public static final String CLIENT_ID = "$SYS";
    /** The node id in the records: they come from routing, not from an ingest node. */
    public static final String NODE_ID = "routing";

    private static final Logger LOG = Logger.getLogger(SysPublisher.class);

    private final BrokerStatistics statistics;
    private final StreamWriter writer;
    private final SysOwnership ownership;
    private final Vertx vertx;
    private final Duration interval;
    private final AtomicBoolean publishing = new AtomicBoolean();
    private long timerId = -1;

    public SysPublisher(BrokerStatistics statistics, StreamWriter writer,
            @Identifier(SysOwnership.NAME) SysOwnership ownership, Vertx vertx, RoutingOptions options) {
        this.statistics = statistics;
        this.writer = writer;
        this.ownership = ownership;
        this.vertx = vertx;
        this.interval = options.sysInterval();
        if (interval.isNegative()) {
            throw new IllegalArgumentException("tsunagu.routing.sys-interval must not be negative: " + interval);
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (interval.isZero()) {
            LOG.info("$SYS statistics are off (tsunagu.routing.sys-interval=0)");
            return;
        }
        timerId = vertx.setPeriodic(interval.toMillis(), id -> publishRound());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void publishRound() {
        if (!ownership.ownsPublishPartitionZero() || !publishing.compareAndSet(false, true)) {
            return;
        }
        Instant now = Instant.now();
        Uni.createFrom().completionStage(() -> statistics.collect(now))
                .onItem().transformToUni(snapshot -> publish(snapshot, now))
                .onTermination().invoke(() -> publishing.set(false))
                .subscribe().with(
                        published -> LOG.debug("Published the $SYS statistics"),
                        failure -> LOG.warnf("Publishing the $SYS statistics failed: %s", failure.getMessage()));
    }

    private Uni<Void> publish(Optional<SysSnapshot> snapshot, Instant now) {
        if (snapshot.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>();
        snapshot.get().toTopics().forEach((topic, value) -> {
            byte[] record = PublishCodec.encode(publishEvent(topic, value, now));
            sends.add(writer.write(Streams.PUBLISH, Streams.publishKey(TENANT, topic), record));
            sends.add(writer.write(Streams.RETAINED, Streams.publishKey(TENANT, topic), record));
        });
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** The record of one statistic, as ingest would write a retained QoS 0 PUBLISH. */
    static PublishEvent publishEvent(String topic, String value, Instant now) {
        return new PublishEvent(MessageIds.next(now.toEpochMilli()), TENANT, CLIENT_ID, NODE_ID, topic, 0, true,
                now.truncatedTo(ChronoUnit.MICROS), MessageProperties.none(), Payload.utf8(value));
    }
}
