package io.tsunagu.routing.retained;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.config.RoutingOptions;
import io.tsunagu.routing.stream.CompactedStreamReader;
import io.tsunagu.routing.stream.CompactedStreamFollower;
import io.tsunagu.routing.stream.RecordHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Feeds the {@link RetainedStore} from the retained stream through a {@link CompactedStreamReader}: every replica
 * reads the whole compacted stream from its beginning at every start, then follows it. {@link #caughtUp()} completes
 * once the store holds every retained message the stream had when the reader started; readiness waits for it, and
 * retained messages are sent to new subscriptions only after it.
 *
 * <p>Meters: {@code tsunagu.routing.retained.events{outcome}} (a {@link RetainedOutcome} or {@code undecodable}),
 * and the gauge {@code tsunagu.routing.retained.messages}.
 *
 * <p>Threading: the store is written on the reader's thread only; the state accessors from any thread.
 */
@Singleton
public class RetainedStreamReader extends CompactedStreamFollower {

    /**
     * A reader of the retained stream into {@code store}.
     *
     * @param kafkaConfig the Kafka client settings ({@code kafka.*} with the prefix removed)
     */
    @Inject
    public RetainedStreamReader(RetainedStore store,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, RoutingOptions options,
            MeterRegistry registry) {
        super(new CompactedStreamReader(
                new CompactedStreamReader.Spec(Streams.RETAINED, "retained", new StoreWriter(store)),
                kafkaConfig, options.retainedStream(), registry));
        Gauge.builder("tsunagu.routing.retained.messages", store, RetainedStore::count)
                .description("Retained messages in the retained store").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Applies retained records to the store. */
    private record StoreWriter(RetainedStore store) implements RecordHandler {

        @Override
        public String apply(String key, byte[] value) {
            return store.apply(key, value).tag();
        }

        @Override
        public String describe() {
            return store.count() + " retained messages";
        }
    }
}
