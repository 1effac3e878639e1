package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.session.ClientKey;
import io.tsunagu.routing.session.SessionTable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shared subscriptions end to end against the real local Kafka (MQTT 5 §4.8.2): members on two nodes share a
 * group's messages, a member that left gets no more, a client's shared and non-shared matches make one copy, and a
 * copy handed back by a member that went away reaches one other member and nobody else. Every test uses its own
 * tenant, nodes and topics; records of one test go to one publish partition, so that a marker published last shows
 * that everything before it was routed.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class SharedSubscriptionRoutingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HANDED_BACK = "tsunagu.routing.shared.handed.back";

    @Inject
    SessionTable table;

    @Inject
    MeterRegistry registry;

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
        tenant = "tenant-" + run;
    }

    @AfterEach
    void closeClients() {
        streams.close();
    }

    private String node(String name) {
        String nodeId = "routing-shared-" + run + "-" + name;
        streams.createDeliveryStream(nodeId);
        return nodeId;
    }

    /** Connects {@code clientId} on {@code nodeId} and waits until routing's table holds exactly that session. */
    private void connect(String clientId, String nodeId, Subscription... subscriptions) {
        ClientKey client = new ClientKey(tenant, clientId);
        streams.send(new SessionEvent(tenant, clientId, nodeId, epoch, SessionState.CONNECTED,
                List.of(subscriptions)));
        await().atMost(WAIT).until(() -> table.session(client)
                .filter(session -> session.nodeId().equals(nodeId)
                        && session.subscriptions().equals(List.of(subscriptions)))
                .isPresent());
    }

    private static Subscription subscription(String filter, int qos, int subscriptionId) {
        return new Subscription(filter, qos, false, false, 0, subscriptionId);
    }

    private PublishEvent publishEvent(String topic, int qos, String payload) {
        return StreamClients.publishEvent(tenant, topic, qos, Payload.utf8(payload));
    }

    private String marker() {
        return "marker/" + run;
    }

    /** Publishes to the marker topic on {@code partition}, after the records a test wrote there. */
    private void sendMarker(int partition) {
        streams.sendToPartition(partition, PublishCodec.encode(publishEvent(marker(), 0, "marker")));
    }

    /** The deliveries of {@code nodeId} up to and including the marker's. */
    private List<DeliveryEvent> deliveriesUntilMarker(String nodeId) {
        return decode(streams.readUntil(Streams.deliveryStream(nodeId), nodeId,
                record -> DeliveryCodec.decode(record.value()).publish().topic().equals(marker())));
    }

    private static List<DeliveryEvent> decode(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> DeliveryCodec.decode(record.value())).toList();
    }

    private double handedBack(String outcome) {
        return registry.get(HANDED_BACK).tag("outcome", outcome).counter().count();
    }

    @Test
    void membersOnTwoNodesTakeTurnsWithTheGroupsMessages() {
        String nodeA = node("a");
        String nodeB = node("b");
        String group = "$share/workers/jobs/" + run + "/+";
        connect("m1", nodeA, subscription(group, 1, 11));
        connect("m2", nodeB, subscription(group, 2, 22));

        for (int i = 0; i < 20; i++) {
            streams.sendToPartition(5, PublishCodec.encode(publishEvent("jobs/" + run + "/j", 2,
                    Integer.toString(i))));
        }

        List<DeliveryEvent> toA = decode(streams.readDeliveries(nodeA, 10));
        List<DeliveryEvent> toB = decode(streams.readDeliveries(nodeB, 10));
        // One replica routes the partition in order: m1 joined first, so it gets the even messages.
        assertThat(toA).extracting(delivery -> delivery.publish().payload().toUtf8())
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> Integer.toString(2 * i)).toList());
        assertThat(toB).extracting(delivery -> delivery.publish().payload().toUtf8())
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> Integer.toString(2 * i + 1))
                        .toList());
        assertThat(toA).allSatisfy(delivery -> assertThat(delivery.recipients())
                .containsExactly(new Recipient("m1", 1, false, List.of(11), List.of(group))));
        assertThat(toB).allSatisfy(delivery -> assertThat(delivery.recipients())
                .containsExactly(new Recipient("m2", 2, false, List.of(22), List.of(group))));
    }

    @Test
    void memberThatEndedGetsNoMoreMessages() {
        String nodeA = node("a");
        String nodeB = node("b");
        String group = "$share/g/left/" + run;
        connect("m1", nodeA, Subscription.of(group, 1));
        connect("m2", nodeB, Subscription.of(group, 1));
        connect("markerA", nodeA, Subscription.of(marker(), 0));
        streams.send(new SessionEvent(tenant, "m1", nodeA, epoch, SessionState.ENDED, List.of()));
        await().atMost(WAIT).until(() -> table.session(new ClientKey(tenant, "m1")).isEmpty());

        for (int i = 0; i < 4; i++) {
            streams.sendToPartition(4, PublishCodec.encode(publishEvent("left/" + run, 1, Integer.toString(i))));
        }
        sendMarker(4);

        assertThat(decode(streams.readDeliveries(nodeB, 4)))
                .hasSize(4)
                .allSatisfy(delivery -> assertThat(delivery.recipients()).extracting(Recipient::clientId)
                        .containsExactly("m2"));
        assertThat(deliveriesUntilMarker(nodeA)).singleElement()
                .satisfies(delivery -> assertThat(delivery.publish().topic()).isEqualTo(marker()));
    }

    @Test
    void clientWithASharedAndANonSharedMatchGetsOneCopyCarryingBoth() {
        String nodeId = node("n");
        String group = "$share/g/both/" + run + "/#";
        connect("both", nodeId, subscription(group, 1, 5), subscription("both/" + run + "/+", 2, 7));

        PublishEvent publish = publishEvent("both/" + run + "/x", 2, "one copy");
        DeliverySource source = streams.sendPublish(publish);

        assertThat(decode(streams.readDeliveries(nodeId, 1))).containsExactly(new DeliveryEvent(nodeId,
                List.of(new Recipient("both", 2, false, List.of(5, 7), List.of(group))), publish,
                DeliveryKind.LIVE, source));
    }

    @Test
    void handedBackCopyReachesOnlyAnotherMemberOfItsGroup() {
        String nodeA = node("a");
        String nodeB = node("b");
        String group = "$share/g/hb/" + run + "/+";
        connect("m1", nodeA, subscription(group, 1, 1));
        connect("m2", nodeB, subscription(group, 2, 2));
        connect("plain", nodeA, Subscription.of("hb/" + run + "/#", 2));
        connect("otherGroup", nodeB, Subscription.of("$share/h/hb/" + run + "/+", 2));
        connect("markerA", nodeA, Subscription.of(marker(), 0));
        connect("markerB", nodeB, Subscription.of(marker(), 0));
        double routedBefore = handedBack("routed");
        PublishEvent copy = publishEvent("hb/" + run + "/t", 1, "again");

        // Twice: the rotation would give the second copy to m1, but m1 handed them back.
        DeliverySource first = streams.sendHandedBack(3, copy, group, "m1");
        DeliverySource second = streams.sendHandedBack(3, copy, group, "m1");
        sendMarker(3);

        Recipient m2 = new Recipient("m2", 1, false, List.of(2), List.of(group));
        List<DeliveryEvent> toB = deliveriesUntilMarker(nodeB);
        assertThat(toB).hasSize(3);
        assertThat(toB.subList(0, 2)).containsExactly(
                new DeliveryEvent(nodeB, List.of(m2), copy, DeliveryKind.LIVE, first),
                new DeliveryEvent(nodeB, List.of(m2), copy, DeliveryKind.LIVE, second));
        assertThat(deliveriesUntilMarker(nodeA)).singleElement()
                .satisfies(delivery -> assertThat(delivery.publish().topic()).isEqualTo(marker()));
        await().atMost(WAIT).until(() -> handedBack("routed") >= routedBefore + 2);
    }

    @Test
    void handedBackCopyForAGroupWithoutMembersIsDroppedAndCounted() {
        String nodeId = node("n");
        connect("plain", nodeId, Subscription.of("drop/" + run + "/#", 1));
        connect("otherGroup", nodeId, Subscription.of("$share/other/drop/" + run + "/+", 1));
        connect("marker", nodeId, Subscription.of(marker(), 0));
        double droppedBefore = handedBack("dropped");

        streams.sendHandedBack(2, publishEvent("drop/" + run + "/t", 1, "nobody"),
                "$share/gone/drop/" + run + "/+", "gone");
        sendMarker(2);

        assertThat(deliveriesUntilMarker(nodeId)).singleElement()
                .satisfies(delivery -> assertThat(delivery.publish().topic()).isEqualTo(marker()));
        await().atMost(WAIT).until(() -> handedBack("dropped") >= droppedBefore + 1);
    }
}
