package io.tsunagu.routing.amqp.topology;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.amqp.exchange.VhostExchanges;
import io.tsunagu.routing.stream.CompactedStreamReader;
import io.tsunagu.routing.stream.FollowedStream;
import io.tsunagu.routing.stream.RecordHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * Every routing replica's copy of the AMQP topology: reads the whole compacted stream {@code tsunagu.topology}
 * (written by storage-service, the topology authority) from its beginning at every start, then each change as it
 * arrives, into a {@link TopologyModel}, through a {@link CompactedStreamReader} as the session table is fed.
 *
 * <p>{@link #caughtUp()} turns true once the copy holds every record the stream had when the replica started;
 * publishes are routed only after that, and a publish waits until the copy passed the stream's end offsets as they
 * were when it was written ({@link #stream()} for a {@link io.tsunagu.routing.stream.StreamBarrier}), so an
 * exchange or binding declared before the publish (declare-ok precedes the publish) applies to it.
 *
 * <p>Meters: {@code tsunagu.routing.topology.events{outcome}} (a {@link TopologyOutcome} or {@code undecodable})
 * and the gauges {@code tsunagu.routing.topology.entities{kind=exchange|queue|binding}}.
 *
 * <p>Threading: the model is written on the reader's thread only; everything else from any thread.
 */
@ApplicationScoped
public class TopologyFollower implements QueueDirectory {

    private static final String ENTITIES = "tsunagu.routing.topology.entities";

    private final TopologyModel model;
    private final CompactedStreamReader reader;

    /**
     * A follower of {@code tsunagu.topology}.
     *
     * @param kafkaConfig the Kafka client settings ({@code kafka.*} with the prefix removed)
     */
    @Inject
    public TopologyFollower(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            TopologyStreamOptions options, MeterRegistry registry) {
        this(new TopologyModel(), kafkaConfig, options, registry);
    }

    TopologyFollower(TopologyModel model, Map<String, Object> kafkaConfig, TopologyStreamOptions options,
            MeterRegistry registry) {
        this.model = model;
        this.reader = new CompactedStreamReader(
                new CompactedStreamReader.Spec(Streams.TOPOLOGY, "topology", new ModelWriter(model)),
                kafkaConfig, options, registry);
        Gauge.builder(ENTITIES, model, TopologyModel::exchangeCount).tag("kind", "exchange")
                .description("Entities in the topology copy, by kind").register(registry);
        Gauge.builder(ENTITIES, model, TopologyModel::queueCount).tag("kind", "queue")
                .description("Entities in the topology copy, by kind").register(registry);
        Gauge.builder(ENTITIES, model, TopologyModel::bindingCount).tag("kind", "binding")
                .description("Entities in the topology copy, by kind").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts reading on the reader's own thread. */
    public void start() {
        reader.start();
    }

    /** Stops reading and waits (bounded) for the thread to end. */
    public void stop() {
        reader.stop();
    }

    @Override
    public Optional<QueueDefinition> queue(String vhost, String name) {
        return model.queue(vhost, name);
    }

    @Override
    public boolean caughtUp() {
        return reader.isCaughtUp();
    }

    @Override
    public void onQueueDeleted(QueueDeletionListener listener) {
        model.onQueueDeleted(listener);
    }

    /** The routing table of {@code vhost} as the copy has it now. */
    public VhostExchanges exchanges(String vhost) {
        return model.exchanges(vhost);
    }

    /** How far the copy has read: for waiting until it caught up, or passed given end offsets. */
    @Override
    public FollowedStream stream() {
        return reader;
    }

    /** A one-line summary of the copy. */
    public String describe() {
        return new ModelWriter(model).describe();
    }

    /** Applies topology records to the model. */
    private record ModelWriter(TopologyModel model) implements RecordHandler {

        @Override
        public String apply(String key, byte[] value) {
            return model.apply(key, value).tag();
        }

        @Override
        public String describe() {
            return model.exchangeCount() + " exchanges, " + model.queueCount() + " queues, "
                    + model.bindingCount() + " bindings";
        }
    }
}
