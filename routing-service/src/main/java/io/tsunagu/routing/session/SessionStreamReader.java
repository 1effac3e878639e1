package io.tsunagu.routing.session;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.tsunagu.contracts.codec.CodecException;
import io.tsunagu.contracts.codec.NodeCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.NodeEvent;
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
 * Feeds the {@link SessionTable} from the session stream through a {@link CompactedStreamReader}: the whole
 * compacted stream from its beginning at every start, then each change as it arrives. {@link #caughtUp()} completes
 * once the table holds every record that was in the stream when the reader started; routing waits for it, because
 * routing with a partial table would drop deliveries to subscribers not read yet.
 *
 * <p>The stream also carries the heartbeats of the ingest nodes ({@link NodeEvent}, under
 * {@link Streams#nodeKey}), which go to the table too.
 *
 * <p>Meters: {@code tsunagu.routing.session.events{outcome}} (an {@link ApplyOutcome} or {@code undecodable}),
 * and the gauges {@code tsunagu.routing.sessions{state=connected|disconnected}}, {@code tsunagu.routing.subscriptions}
 * (those of disconnected sessions and shared memberships included) and {@code tsunagu.routing.shared.groups}.
 *
 * <p>Threading: the table is written on the reader's thread only; the state accessors from any thread.
 */
@Singleton
public class SessionStreamReader extends CompactedStreamFollower {

    private static final String SESSIONS = "tsunagu.routing.sessions";
    private static final String STATE = "state";
    /** What {@link Streams#nodeKey} puts before the node id. */
    private static final String NODE_KEY_PREFIX = Streams.nodeKey("");

    /**
     * A reader of the session stream into {@code table}.
     *
     * @param kafkaConfig the Kafka client settings ({@code kafka.*} with the prefix removed)
     */
    @Inject
    public SessionStreamReader(SessionTable table, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            RoutingOptions options, MeterRegistry registry) {
        super(new CompactedStreamReader(
                new CompactedStreamReader.Spec(Streams.SESSION, "session", new TableWriter(table)),
                kafkaConfig, options.sessionStream(), registry));
        Gauge.builder(SESSIONS, table, SessionTable::connectedCount).tag(STATE, "connected")
                .description("Sessions in the session table, by state").register(registry);
        Gauge.builder(SESSIONS, table, SessionTable::disconnectedCount).tag(STATE, "disconnected")
                .description("Sessions in the session table, by state").register(registry);
        Gauge.builder("tsunagu.routing.subscriptions", table, SessionTable::subscriptionCount)
                .description("Subscriptions in the session table, shared-group memberships included")
                .register(registry);
        Gauge.builder("tsunagu.routing.shared.groups", table, SessionTable::sharedGroupCount)
                .description("Shared subscription groups (tenant, ShareName, filter) with at least one member")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /**
     * Applies session records to the table: an event, or a tombstone that removes the client's session; and the
     * heartbeats of the nodes, or a tombstone that forgets one.
     */
    private record TableWriter(SessionTable table) implements RecordHandler {

        @Override
        public String apply(String key, byte[] value) {
            if (Streams.isNodeKey(key)) {
                return value != null
                        ? table.apply(NodeCodec.decode(value)).tag()
                        : table.forgetNode(nodeIdOf(key)).tag();
            }
            if (value != null) {
                return table.apply(SessionCodec.decode(value)).tag();
            }
            ClientKey client = ClientKey.fromSessionKey(key)
                    .orElseThrow(() -> new CodecException("tombstone without a session key: " + key));
            return table.remove(client).tag();
        }

        private static String nodeIdOf(String key) {
            if (!key.startsWith(NODE_KEY_PREFIX)) {
                throw new CodecException("tombstone of an unknown node key: " + key.replace('\u0000', '/'));
            }
            return key.substring(NODE_KEY_PREFIX.length());
        }

        @Override
        public String describe() {
            return table.connectedCount() + " connected and " + table.disconnectedCount() + " disconnected sessions, "
                    + table.subscriptionCount() + " subscriptions";
        }
    }
}
