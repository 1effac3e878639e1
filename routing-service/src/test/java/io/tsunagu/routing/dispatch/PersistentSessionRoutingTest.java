package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.ControlCodec;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.ControlEvent;
import io.tsunagu.contracts.event.ControlKind;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.dispatch.StreamClients.HandBack;
import io.tsunagu.routing.session.ClientKey;
import io.tsunagu.routing.session.SessionTable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing for persistent sessions against the real local Kafka: copies for DISCONNECTED sessions go to the session
 * queue, copies handed back for a session go to that session only, TAKEOVER requests reach the holding node, and
 * ended sessions get their queue purged.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class PersistentSessionRoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    SessionTable table;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private StreamClients streams;
    private String run;
    private String tenant;
    private final long epoch = System.currentTimeMillis();

    @BeforeEach
    void openClients() {
        streams = new StreamClients(bootstrapServers);
        run = UUID.randomUUID().toString().substring(0, 8);
        tenant = "persistent-" + run;
    }

    @AfterEach
    void closeClients() {
        streams.close();
    }

    private String node(String name) {
        String nodeId = "persistent-test-" + run + "-" + name;
        streams.createDeliveryStream(nodeId);
        return nodeId;
    }

    private SessionEvent event(String clientId, String nodeId, SessionState state, Subscription... subscriptions) {
        return new SessionEvent(tenant, clientId, nodeId, epoch, state, List.of(subscriptions), List.of(),
                new SessionPersistence(3_600, Instant.now().truncatedTo(ChronoUnit.MICROS)), null, List.of(),
                List.of());
    }

    /** Writes {@code event} and waits until routing's table holds the session in the event's state. */
    private void apply(SessionEvent event) {
        streams.send(event);
        await().atMost(WAIT).until(() -> table.session(new ClientKey(tenant, event.clientId()))
                .filter(session -> session.state() == event.state() && session.nodeId().equals(event.nodeId()))
                .isPresent());
    }

    private PublishEvent publishEvent(String topic, int qos, String payload) {
        return StreamClients.publishEvent(tenant, topic, qos, Payload.utf8(payload));
    }

    private List<ConsumerRecord<String, byte[]>> queueUntil(String clientId, int count) {
        String key = Streams.sessionKey(tenant, clientId);
        int[] seen = {0};
        return streams.readUntil(Streams.SESSION_QUEUE, key, record -> ++seen[0] >= count);
    }

    @Test
    void disconnectedSessionGetsItsQos1CopiesQueuedAndItsQos0CopiesDropped() {
        String nodeId = node("a");
        apply(event("sleeper", nodeId, SessionState.DISCONNECTED, Subscription.of("q/" + run + "/#", 2)));
        PublishEvent qos0 = publishEvent("q/" + run + "/x", 0, "dropped");
        PublishEvent qos1 = publishEvent("q/" + run + "/x", 1, "queued");

        streams.sendToPartition(5, PublishCodec.encode(qos0));
        DeliverySource source = streams.sendToPartition(5, PublishCodec.encode(qos1));

        List<ConsumerRecord<String, byte[]>> queued = queueUntil("sleeper", 1);
        assertThat(queued).singleElement().satisfies(record -> assertThat(DeliveryCodec.decode(record.value()))
                .isEqualTo(new DeliveryEvent("", List.of(new Recipient("sleeper", 1, false)), qos1, DeliveryKind.LIVE,
                        source)));
    }

    @Test
    void copyHandedBackInFlightGoesToTheConnectedSessionOnlyAsRequeued() {
        String nodeId = node("b");
        apply(event("resumed", nodeId, SessionState.CONNECTED, Subscription.of("h/" + run, 1)));
        apply(event("bystander", nodeId, SessionState.CONNECTED, Subscription.of("h/" + run, 1)));
        PublishEvent copy = publishEvent("h/" + run, 2, "again");

        DeliverySource source = streams.sendHandedBackToSession(1, copy, Streams.sessionKey(tenant, "resumed"),
                HandBack.IN_FLIGHT);

        assertThat(streams.readDeliveries(nodeId, 1)).singleElement()
                .satisfies(record -> assertThat(DeliveryCodec.decode(record.value())).isEqualTo(new DeliveryEvent(
                        nodeId, List.of(new Recipient("resumed", 1, false)), copy, DeliveryKind.REQUEUED, source)));
    }

    @Test
    void copyHandedBackForADisconnectedSessionIsQueued() {
        String nodeId = node("c");
        apply(event("away", nodeId, SessionState.DISCONNECTED, Subscription.of("hq/" + run, 2)));
        PublishEvent copy = publishEvent("hq/" + run, 2, "later");

        streams.sendHandedBackToSession(2, copy, Streams.sessionKey(tenant, "away"), HandBack.QUEUED);

        assertThat(queueUntil("away", 1)).singleElement().satisfies(record -> {
            DeliveryEvent queued = DeliveryCodec.decode(record.value());
            assertThat(queued.kind()).isEqualTo(DeliveryKind.LIVE);
            assertThat(queued.recipients()).containsExactly(new Recipient("away", 2, false));
            assertThat(queued.publish()).isEqualTo(copy);
        });
    }

    @Test
    void takeoverRequestReachesTheNodeHoldingTheSession() {
        String holder = node("holder");
        String requester = node("requester");
        apply(event("moving", holder, SessionState.CONNECTED));

        streams.send(event("moving", requester, SessionState.TAKEOVER));

        assertThat(streams.readDeliveries(holder, 1)).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(holder);
            assertThat(ControlCodec.decode(record.value())).isEqualTo(
                    new ControlEvent(holder, ControlKind.TAKEOVER, tenant, "moving", requester));
        });
    }

    @Test
    void endedSessionGetsItsQueuePurged() {
        String nodeId = node("d");
        apply(event("leaving", nodeId, SessionState.DISCONNECTED, Subscription.of("e/" + run, 1)));

        streams.send(event("leaving", nodeId, SessionState.ENDED));

        assertThat(streams.readUntil(Streams.SESSION_QUEUE, Streams.sessionKey(tenant, "leaving"),
                record -> record.value() == null)).isNotEmpty();
    }

    @Test
    void endedThatLostToANewConnectionLeavesTheQueue() {
        String oldNode = node("old");
        String newNode = node("new");
        SessionEvent disconnected = event("back", oldNode, SessionState.DISCONNECTED, Subscription.of("r/" + run, 1));
        apply(disconnected);
        apply(event("back", newNode, SessionState.CONNECTED, Subscription.of("r/" + run, 1)));
        // A timer's expiry decided on the DISCONNECTED state, written after the client connected again.
        streams.send(new SessionEvent(tenant, "back", oldNode, epoch, SessionState.ENDED, List.of(), List.of(),
                disconnected.persistence(), null, List.of(), List.of()));
        // A later ENDED of the new connection marks how far the session-action group got.
        streams.send(event("back", newNode, SessionState.ENDED));

        String key = Streams.sessionKey(tenant, "back");
        streams.readUntil(Streams.SESSION_QUEUE, key, record -> record.value() == null);

        // The group handles a partition in order: the superseded ENDED was handled before the tombstone was written.
        assertThat(streams.readToEnd(Streams.SESSION_QUEUE, key))
                .filteredOn(record -> Objects.isNull(record.value()))
                .hasSize(1);
    }
}
