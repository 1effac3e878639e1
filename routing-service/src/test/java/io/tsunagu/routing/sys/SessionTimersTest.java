package io.tsunagu.routing.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionPersistence;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.event.Will;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.dispatch.StreamClients;
import io.tsunagu.routing.session.ClientKey;
import io.tsunagu.routing.session.Session;
import io.tsunagu.routing.session.SessionTable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session timers against the real local Kafka (the test profile runs them every 200 ms with a node timeout of
 * 3 s): expiry, delayed wills, silent nodes and restarted nodes, with what they write to the session, publish,
 * retained and session-queue streams.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class SessionTimersTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    SessionTable table;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private StreamClients streams;
    private String run;
    private String tenant;

    @BeforeEach
    void openClients() {
        streams = new StreamClients(bootstrapServers);
        run = UUID.randomUUID().toString().substring(0, 8);
        tenant = "timers-" + run;
    }

    @AfterEach
    void closeClients() {
        streams.close();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private Will will(String clientId, long delay) {
        PublishEvent message = new PublishEvent(UUID.randomUUID(), tenant, clientId, "timers-node", "will/" + run + "/"
                + clientId, 1, true, now(), MessageProperties.none(), Payload.utf8(clientId + " is gone"));
        return new Will(message, delay);
    }

    /** A session event of {@code clientId} on a run of a node, subscribed to {@code sub/<run>}. */
    private SessionEvent event(String clientId, NodeRun node, SessionState state, SessionPersistence persistence) {
        return new SessionEvent(tenant, clientId, node.id(), node.epoch(), state,
                List.of(Subscription.of("sub/" + run, 1)), List.of(), persistence, null, List.of(), List.of());
    }

    private static SessionEvent withWill(SessionEvent event, Will will) {
        return new SessionEvent(event.tenant(), event.clientId(), event.nodeId(), event.nodeEpoch(), event.state(),
                event.subscriptions(), List.of(), event.persistence(), will, List.of(), List.of());
    }

    private record NodeRun(String id, long epoch) {
    }

    private Session awaitSession(String clientId, SessionState state) {
        ClientKey client = new ClientKey(tenant, clientId);
        await().atMost(WAIT).until(() -> table.session(client).filter(session -> session.state() == state)
                .isPresent());
        return table.session(client).orElseThrow();
    }

    private PublishEvent awaitPublished(Will will) {
        PublishEvent message = will.message();
        List<ConsumerRecord<String, byte[]>> records = streams.readUntil(Streams.PUBLISH,
                Streams.publishKey(tenant, message.topic()),
                record -> PublishCodec.decode(record.value()).messageId().equals(message.messageId()));
        return PublishCodec.decode(records.getLast().value());
    }

    private SessionEvent awaitWritten(String clientId, SessionState state) {
        List<ConsumerRecord<String, byte[]>> records = streams.readUntil(Streams.SESSION,
                Streams.sessionKey(tenant, clientId),
                record -> record.value() != null && SessionCodec.decode(record.value()).state() == state);
        return SessionCodec.decode(records.getLast().value());
    }

    @Test
    void expiredSessionEndsAndItsQueueIsPurged() {
        // MQTT 5 §3.1.2.11.2: the session is gone its Session Expiry Interval after the connection closed.
        NodeRun node = new NodeRun("timers-" + run + "-a", System.currentTimeMillis());
        streams.send(event("brief", node, SessionState.DISCONNECTED, new SessionPersistence(1, now())));

        SessionEvent ended = awaitWritten("brief", SessionState.ENDED);

        assertThat(ended.nodeId()).isEqualTo(node.id());
        assertThat(ended.nodeEpoch()).isEqualTo(node.epoch());
        await().atMost(WAIT).until(() -> table.session(new ClientKey(tenant, "brief")).isEmpty());
        assertThat(streams.readUntil(Streams.SESSION_QUEUE, Streams.sessionKey(tenant, "brief"),
                record -> record.value() == null)).isNotEmpty();
    }

    @Test
    void delayedWillIsPublishedRetainedAndRemovedFromTheSession() {
        // [MQTT-3.1.3-9]: published once the Will Delay Interval passed, the session living on.
        NodeRun node = new NodeRun("timers-" + run + "-b", System.currentTimeMillis());
        streams.createDeliveryStream(node.id());
        Will will = will("delayed", 1);
        streams.send(new SessionEvent(tenant, "watcher", node.id(), node.epoch(), SessionState.CONNECTED,
                List.of(Subscription.of(will.message().topic(), 1))));
        streams.send(withWill(event("delayed", node, SessionState.DISCONNECTED, new SessionPersistence(3_600, now())),
                will));

        PublishEvent published = awaitPublished(will);

        assertThat(published.payload().toUtf8()).isEqualTo("delayed is gone");
        assertThat(published.retain()).isTrue();
        assertThat(streams.readUntil(Streams.RETAINED, Streams.publishKey(tenant, will.message().topic()),
                record -> record.value() != null)).isNotEmpty();
        assertThat(DeliveryCodec.decode(streams.readDeliveries(node.id(), 1).getFirst().value()).publish().messageId())
                .isEqualTo(will.message().messageId());
        await().atMost(WAIT).until(() -> table.session(new ClientKey(tenant, "delayed"))
                .filter(session -> session.will() == null && !session.isConnected())
                .isPresent());
    }

    @Test
    void persistentSessionOfASilentNodeBecomesDisconnected() {
        Instant lastHeartbeat = now().minusSeconds(10);
        NodeRun node = new NodeRun("timers-" + run + "-c", lastHeartbeat.toEpochMilli());
        streams.send(new NodeEvent(node.id(), node.epoch(), lastHeartbeat));
        streams.send(event("stranded", node, SessionState.CONNECTED, new SessionPersistence(3_600, lastHeartbeat)));

        Session session = awaitSession("stranded", SessionState.DISCONNECTED);

        assertThat(session.subscriptions()).containsExactly(Subscription.of("sub/" + run, 1));
        assertThat(session.persistence().updatedAt()).isAfter(lastHeartbeat);
        assertThat(awaitWritten("stranded", SessionState.DISCONNECTED).nodeId()).isEqualTo(node.id());
    }

    @Test
    void cleanSessionOfASilentNodeEndsAndPublishesItsWill() {
        Instant lastHeartbeat = now().minusSeconds(10);
        NodeRun node = new NodeRun("timers-" + run + "-d", lastHeartbeat.toEpochMilli());
        Will will = will("lost", 3_600);
        streams.send(new NodeEvent(node.id(), node.epoch(), lastHeartbeat));
        streams.send(withWill(event("lost", node, SessionState.CONNECTED, SessionPersistence.none()), will));

        assertThat(awaitPublished(will).messageId()).isEqualTo(will.message().messageId());
        awaitWritten("lost", SessionState.ENDED);
        await().atMost(WAIT).until(() -> table.session(new ClientKey(tenant, "lost")).isEmpty());
    }

    @Test
    void cleanSessionOfARestartedNodePublishesItsWill() {
        // The connection closed without DISCONNECT: its will is published [MQTT-3.1.2-8].
        long firstRun = System.currentTimeMillis() - 5_000;
        NodeRun node = new NodeRun("timers-" + run + "-e", firstRun);
        Will will = will("rebooted", 0);
        streams.send(withWill(event("rebooted", node, SessionState.CONNECTED, SessionPersistence.none()), will));
        awaitSession("rebooted", SessionState.CONNECTED);

        streams.send(new NodeEvent(node.id(), System.currentTimeMillis(), now()));

        assertThat(awaitPublished(will).messageId()).isEqualTo(will.message().messageId());
        assertThat(awaitWritten("rebooted", SessionState.ENDED).nodeEpoch()).isEqualTo(firstRun);
        await().atMost(WAIT).until(() -> table.orphanedWill(new ClientKey(tenant, "rebooted")).isEmpty());
    }
}
