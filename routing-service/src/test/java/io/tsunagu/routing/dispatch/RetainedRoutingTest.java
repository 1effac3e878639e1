package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.event.MessageProperties;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retained messages for new subscriptions, end to end against the real local Kafka: retained records and session
 * events written as ingest writes them, RETAINED deliveries read from the node's delivery stream as the node reads
 * them. Every test uses its own tenant and node, because the streams are shared by the whole test run.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class RetainedRoutingTest {

    private static final String CLIENT = "subscriber";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private StreamClients streams;
    private String run;
    private String tenant;
    private String nodeId;
    private final long epoch = System.currentTimeMillis();

    @BeforeEach
    void openClients() {
        streams = new StreamClients(bootstrapServers);
        run = UUID.randomUUID().toString().substring(0, 8);
        tenant = "retained-" + run;
        nodeId = "retained-test-" + run;
        streams.createDeliveryStream(nodeId);
    }

    @AfterEach
    void closeClients() {
        streams.close();
    }

    private PublishEvent retained(String topic, int qos, MessageProperties properties, Instant receivedAt) {
        return new PublishEvent(UUID.randomUUID(), tenant, "publisher", "ingest-test", topic, qos, true,
                receivedAt.truncatedTo(ChronoUnit.MICROS), properties, Payload.utf8("value of " + topic));
    }

    private byte[] sendRetained(String topic, int qos) {
        return streams.sendRetained(retained(topic, qos, MessageProperties.none(), Instant.now()));
    }

    /** The session event of a SUBSCRIBE by {@link #CLIENT} that asks for the retained messages of {@code requests}. */
    private void subscribe(List<Subscription> subscriptions, List<String> requests) {
        streams.send(new SessionEvent(tenant, CLIENT, nodeId, epoch, SessionState.CONNECTED, subscriptions,
                requests));
    }

    private List<DeliveryEvent> readDeliveries(int count) {
        return streams.readDeliveries(nodeId, count).stream()
                .map(ConsumerRecord::value)
                .map(DeliveryCodec::decode)
                .toList();
    }

    private static List<String> topicsOf(List<DeliveryEvent> deliveries) {
        return deliveries.stream().map(delivery -> delivery.publish().topic()).toList();
    }

    @Test
    void wildcardRequestGetsOneRetainedDeliveryPerMatchingTopicForThatClient() {
        sendRetained("r/a", 2);
        sendRetained("r/b/c", 0);
        sendRetained("r", 1);
        sendRetained("other/a", 1);
        Subscription subscription = new Subscription("r/#", 1, false, false, 0, 42);

        subscribe(List.of(subscription, Subscription.of("x", 0)), List.of("r/#"));

        List<DeliveryEvent> deliveries = readDeliveries(3);
        assertThat(topicsOf(deliveries)).containsExactlyInAnyOrder("r/a", "r/b/c", "r");
        assertThat(deliveries).allSatisfy(delivery -> {
            assertThat(delivery.nodeId()).isEqualTo(nodeId);
            assertThat(delivery.kind()).isEqualTo(DeliveryKind.RETAINED);
            assertThat(delivery.source()).isEqualTo(DeliverySource.none());
            assertThat(delivery.recipients()).singleElement()
                    .satisfies(recipient -> assertThat(recipient.clientId()).isEqualTo(CLIENT));
        });
        // QoS = min(message QoS, granted QoS 1), with the subscription's identifier.
        assertThat(deliveries).filteredOn(delivery -> delivery.publish().topic().equals("r/a"))
                .singleElement().satisfies(delivery -> assertThat(delivery.recipients())
                        .containsExactly(new Recipient(CLIENT, 1, false, List.of(42))));
        assertThat(deliveries).filteredOn(delivery -> delivery.publish().topic().equals("r/b/c"))
                .singleElement().satisfies(delivery -> assertThat(delivery.recipients())
                        .containsExactly(new Recipient(CLIENT, 0, false, List.of(42))));
    }

    @Test
    void deliveryEmbedsTheRetainedRecordByteForByte() {
        byte[] record = sendRetained("bytes", 1);

        subscribe(List.of(Subscription.of("bytes", 1)), List.of("bytes"));

        byte[] delivery = streams.readDeliveries(nodeId, 1).getFirst().value();
        assertThat(Arrays.copyOfRange(delivery, delivery.length - record.length, delivery.length))
                .isEqualTo(record);
    }

    @Test
    void filterStartingWithAWildcardGetsNoDollarTopics() {
        // [MQTT-4.7.2-1]
        sendRetained("$SYS/own", 0);
        sendRetained("plain", 0);

        subscribe(List.of(Subscription.of("#", 0)), List.of("#"));
        assertThat(topicsOf(readDeliveries(1))).containsExactly("plain");

        subscribe(List.of(Subscription.of("#", 0), Subscription.of("$SYS/#", 0)), List.of("$SYS/#"));
        assertThat(topicsOf(readDeliveries(2))).containsExactly("plain", "$SYS/own");
    }

    @Test
    void tombstoneRemovesTheRetainedMessage() {
        sendRetained("t/gone", 1);
        sendRetained("t/kept", 1);
        streams.sendRetainedTombstone(tenant, "t/gone");

        subscribe(List.of(Subscription.of("t/+", 1)), List.of("t/+"));

        assertThat(topicsOf(readDeliveries(1))).containsExactly("t/kept");
    }

    @Test
    void expiredRetainedMessageIsSkipped() {
        // [MQTT-3.3.2-5]: an hour-old message that expired after a minute is not sent; one with an hour left is.
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        streams.sendRetained(retained("e/expired", 1, expiringAfter(60), anHourAgo));
        streams.sendRetained(retained("e/alive", 1, expiringAfter(7200), anHourAgo));

        subscribe(List.of(Subscription.of("e/#", 1)), List.of("e/#"));

        assertThat(topicsOf(readDeliveries(1))).containsExactly("e/alive");
    }

    @Test
    void retainedMessageAcknowledgedRightBeforeTheSubscribeIsSent() {
        int rounds = 20;
        for (int i = 0; i < rounds; i++) {
            // As ingest does: PUBACK once Kafka acked the retained record; the subscriber's SUBSCRIBE follows.
            sendRetained("eager/" + i, 1);
            subscribe(List.of(Subscription.of("eager/" + i, 1)), List.of("eager/" + i));
        }

        assertThat(topicsOf(readDeliveries(rounds)))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, rounds).mapToObj(i -> "eager/" + i).toList());
    }

    @Test
    void eventsWithoutRetainedRequestsGetNoRetainedMessages() {
        sendRetained("quiet/a", 1);
        sendRetained("marker", 1);

        // Same client, so the same session partition: once the marker is sent, the events before it were handled.
        subscribe(List.of(Subscription.of("quiet/#", 1)), List.of());
        streams.send(new SessionEvent(tenant, CLIENT, nodeId, epoch, SessionState.ENDED, List.of(),
                List.of("quiet/#")));
        subscribe(List.of(Subscription.of("quiet/#", 1), Subscription.of("marker", 1)), List.of("marker"));

        assertThat(topicsOf(readDeliveries(1))).containsExactly("marker");
    }

    @Test
    void sharedSubscriptionAndUnknownFiltersGetNoRetainedMessages() {
        // [MQTT-3.8.3-4]
        sendRetained("shared/a", 1);
        sendRetained("marker", 1);

        subscribe(List.of(Subscription.of("$share/g/shared/#", 1), Subscription.of("marker", 1)),
                List.of("$share/g/shared/#", "shared/#", "marker"));

        assertThat(topicsOf(readDeliveries(1))).containsExactly("marker");
    }

    private static MessageProperties expiringAfter(long seconds) {
        return new MessageProperties(OptionalInt.empty(), OptionalLong.of(seconds), null, null, null, List.of());
    }
}
