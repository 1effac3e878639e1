package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.tsunagu.routing.stream.PolledOffsets;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing end to end against the real local Kafka: session and publish records written as ingest writes them,
 * delivery streams read as ingest nodes read them. Every test uses its own tenant, node ids and topics, because the
 * streams are shared by the whole test run.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class PublishRoutingTest {

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
        tenant = "tenant-" + run;
    }

    @AfterEach
    void closeClients() {
        streams.close();
    }

    private String node(String name) {
        String nodeId = "routing-test-" + run + "-" + name;
        streams.createDeliveryStream(nodeId);
        return nodeId;
    }

    private void connect(String clientId, String nodeId, Subscription... subscriptions) {
        connect(new ClientKey(tenant, clientId), nodeId, subscriptions);
    }

    /** Connects {@code client} on {@code nodeId} and waits until routing's table holds exactly that session. */
    private void connect(ClientKey client, String nodeId, Subscription... subscriptions) {
        streams.send(new SessionEvent(client.tenant(), client.clientId(), nodeId, epoch, SessionState.CONNECTED,
                List.of(subscriptions)));
        await().atMost(WAIT).until(() -> table.session(client)
                .filter(session -> session.nodeId().equals(nodeId)
                        && session.subscriptions().equals(List.of(subscriptions)))
                .isPresent());
    }

    private PublishEvent publishEvent(String topic, int qos, String payload) {
        return StreamClients.publishEvent(tenant, topic, qos, Payload.utf8(payload));
    }

    private static List<DeliveryEvent> decode(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> DeliveryCodec.decode(record.value())).toList();
    }

    @Test
    void wildcardSubscribersOnTwoNodesEachGetTheirNodesDelivery() {
        String nodeA = node("a");
        String nodeB = node("b");
        connect("plus", nodeA, Subscription.of("w/" + run + "/+/temp", 1));
        connect("hash", nodeB, Subscription.of("w/" + run + "/#", 2));
        connect("elsewhere", nodeB, Subscription.of("w/" + run + "/x/+", 2));

        PublishEvent publish = publishEvent("w/" + run + "/room/temp", 2, "21.5");
        DeliverySource source = streams.sendPublish(publish);

        List<ConsumerRecord<String, byte[]>> toA = streams.readDeliveries(nodeA, 1);
        List<ConsumerRecord<String, byte[]>> toB = streams.readDeliveries(nodeB, 1);
        assertThat(toA).singleElement().satisfies(record -> assertThat(record.key()).isEqualTo(nodeA));
        assertThat(toB).singleElement().satisfies(record -> assertThat(record.key()).isEqualTo(nodeB));
        assertThat(decode(toA)).containsExactly(new DeliveryEvent(nodeA, List.of(new Recipient("plus", 1, false)),
                publish, DeliveryKind.LIVE, source));
        assertThat(decode(toB)).containsExactly(new DeliveryEvent(nodeB, List.of(new Recipient("hash", 2, false)),
                publish, DeliveryKind.LIVE, source));
    }

    @Test
    void publishWrittenRightAfterTheSubscriptionWasAckedIsRouted() {
        String nodeId = node("n");
        int rounds = 40;
        for (int i = 0; i < rounds; i++) {
            // As ingest does: SUBACK once Kafka acked the session event; the client publishes right after it.
            streams.send(new SessionEvent(tenant, "eager-" + i, nodeId, epoch, SessionState.CONNECTED,
                    List.of(Subscription.of("eager/" + run + "/" + i, 1))));
            streams.send(publishEvent("eager/" + run + "/" + i, 1, Integer.toString(i)));
        }

        assertThat(decode(streams.readDeliveries(nodeId, rounds)))
                .extracting(delivery -> delivery.recipients().getFirst().clientId())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, rounds).mapToObj(i -> "eager-" + i).toList());
    }

    @Test
    void overlappingSubscriptionsGiveOneRecipientWithTheHighestQos() {
        String nodeId = node("n");
        connect("overlap", nodeId, Subscription.of("ov/" + run + "/#", 0), Subscription.of("ov/" + run + "/+", 2),
                Subscription.of("ov/" + run + "/a", 1));

        streams.send(publishEvent("ov/" + run + "/a", 2, "x"));

        assertThat(decode(streams.readDeliveries(nodeId, 1)))
                .singleElement()
                .satisfies(delivery -> assertThat(delivery.recipients())
                        .containsExactly(new Recipient("overlap", 2, false)));
    }

    @Test
    void overlappingSubscriptionsGiveOneRecipientWithEveryIdentifierOnce() {
        // [MQTT-3.3.4-3] [MQTT-3.3.4-5]
        String nodeId = node("n");
        connect("ids", nodeId, new Subscription("id/" + run + "/#", 0, false, false, 0, 7),
                new Subscription("id/" + run + "/+", 1, false, false, 0, 3),
                new Subscription("id/+/a", 1, false, false, 0, 7),
                Subscription.of("id/" + run + "/a", 0));

        streams.send(publishEvent("id/" + run + "/a", 1, "x"));

        assertThat(decode(streams.readDeliveries(nodeId, 1)))
                .singleElement()
                .satisfies(delivery -> assertThat(delivery.recipients())
                        .containsExactly(new Recipient("ids", 1, false, List.of(3, 7))));
    }

    @Test
    void deliveriesCarryThePartitionAndOffsetOfTheirPublishRecord() {
        String nodeId = node("n");
        connect("sourced", nodeId, Subscription.of("src/" + run + "/#", 1));
        List<DeliverySource> sources = List.of(
                streams.sendToPartition(3, PublishCodec.encode(publishEvent("src/" + run + "/a", 1, "1"))),
                streams.sendToPartition(3, PublishCodec.encode(publishEvent("src/" + run + "/b", 1, "2"))),
                streams.sendToPartition(4, PublishCodec.encode(publishEvent("src/" + run + "/c", 1, "3"))));

        assertThat(decode(streams.readDeliveries(nodeId, 3)))
                .allSatisfy(delivery -> assertThat(delivery.kind()).isEqualTo(DeliveryKind.LIVE))
                .extracting(DeliveryEvent::source)
                .containsExactlyInAnyOrderElementsOf(sources);
        assertThat(sources).extracting(DeliverySource::partition).containsExactly(3, 3, 4);
    }

    @Test
    void theBarrierKnowsEveryPublishTheConsumerPolled() {
        String nodeId = node("n");
        connect("polled", nodeId, Subscription.of("polled/" + run, 1));
        DeliverySource source = streams.sendToPartition(5, PublishCodec.encode(publishEvent("polled/" + run, 1, "p")));

        assertThat(decode(streams.readDeliveries(nodeId, 1))).hasSize(1);
        // Recorded inside the consumer's poll (interceptor.classes of the publishes channel), for the barrier's
        // look-ups: without it each look-up would cover only the record it was made for.
        assertThat(PolledOffsets.of(Streams.PUBLISH)).hasEntrySatisfying(5,
                next -> assertThat(next).isGreaterThan(source.offset()));
    }

    @Test
    void publishWithoutSubscribersProducesNoDelivery() {
        String nodeId = node("n");
        connect("marker", nodeId, Subscription.of("marker/" + run, 1));
        connect(new ClientKey("other-" + tenant, "everything"), nodeId, Subscription.of("#", 1));
        PublishEvent unmatched = publishEvent("nobody/" + run, 1, "lost");
        PublishEvent marker = publishEvent("marker/" + run, 1, "marker");

        // Same partition: once the marker is routed, the unmatched publish before it was routed too.
        streams.sendToPartition(0, PublishCodec.encode(unmatched));
        streams.sendToPartition(0, PublishCodec.encode(marker));

        assertThat(decode(streams.readDeliveries(nodeId, 1)))
                .extracting(DeliveryEvent::publish)
                .containsExactly(marker);
    }

    @Test
    void endedSessionNoLongerReceives() {
        String nodeId = node("n");
        connect("leaving", nodeId, Subscription.of("ended/" + run, 1));
        connect("marker", nodeId, Subscription.of("marker/" + run, 1));
        streams.send(new SessionEvent(tenant, "leaving", nodeId, epoch, SessionState.ENDED, List.of()));
        await().atMost(WAIT).until(() -> table.session(new ClientKey(tenant, "leaving")).isEmpty());
        PublishEvent afterEnd = publishEvent("ended/" + run, 1, "too late");
        PublishEvent marker = publishEvent("marker/" + run, 1, "marker");

        streams.sendToPartition(1, PublishCodec.encode(afterEnd));
        streams.sendToPartition(1, PublishCodec.encode(marker));

        assertThat(decode(streams.readDeliveries(nodeId, 1)))
                .extracting(DeliveryEvent::publish)
                .containsExactly(marker);
    }

    @Test
    void tombstoneRemovesTheSession() {
        String nodeId = node("n");
        connect("gone", nodeId, Subscription.of("gone/" + run, 1));

        streams.sendTombstone(tenant, "gone");

        await().atMost(WAIT).until(() -> table.session(new ClientKey(tenant, "gone")).isEmpty());
    }

    @Test
    void deliveryEmbedsThePublishRecordByteForByte() {
        String nodeId = node("n");
        connect("binary", nodeId, Subscription.of("bin/" + run, 1));
        byte[] payload = new byte[4096];
        new Random(42).nextBytes(payload);

        byte[] publishRecord = streams.send(StreamClients.publishEvent(tenant, "bin/" + run, 1,
                Payload.wrap(payload)));

        byte[] delivery = streams.readDeliveries(nodeId, 1).getFirst().value();
        byte[] embedded = Arrays.copyOfRange(delivery, delivery.length - publishRecord.length, delivery.length);
        assertThat(embedded).isEqualTo(publishRecord);
        assertThat(DeliveryCodec.decode(delivery).publish().payload().toByteArray()).isEqualTo(payload);
    }

    @Test
    void orderOfATopicIsKeptOverFiveHundredMessages() {
        String nodeId = node("n");
        connect("ordered", nodeId, Subscription.of("order/" + run, 1));
        List<PublishEvent> publishes = IntStream.range(0, 500)
                .mapToObj(i -> publishEvent("order/" + run, 1, Integer.toString(i)))
                .toList();

        streams.sendAll(publishes);

        assertThat(decode(streams.readDeliveries(nodeId, 500)))
                .extracting(delivery -> delivery.publish().payload().toUtf8())
                .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(Integer::toString).toList());
    }

    @Test
    void undecodablePublishRecordIsSkippedAndLaterOnesAreRouted() {
        String nodeId = node("n");
        connect("afterPoison", nodeId, Subscription.of("poison/" + run, 1));
        PublishEvent next = publishEvent("poison/" + run, 1, "fine");

        streams.sendToPartition(2, "not a publish record".getBytes(StandardCharsets.UTF_8));
        streams.sendToPartition(2, PublishCodec.encode(next));

        assertThat(decode(streams.readDeliveries(nodeId, 1)))
                .extracting(DeliveryEvent::publish)
                .containsExactly(next);
    }

    @Test
    void deliveryTopicAndKeyNameTheNode() {
        String nodeId = node("n");
        connect("keyed", nodeId, Subscription.of("keyed/" + run, 0));

        streams.send(publishEvent("keyed/" + run, 0, "k"));

        ConsumerRecord<String, byte[]> record = streams.readDeliveries(nodeId, 1).getFirst();
        assertThat(record.topic()).isEqualTo(Streams.deliveryStream(nodeId));
        assertThat(record.key()).isEqualTo(nodeId);
    }
}
