package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.Payload;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.event.Subscription;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.config.RoutingOptions;
import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionTable;
import io.tsunagu.routing.stream.EndOffsets;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A restarting routing replica: publishes wait until the session table has replayed the session stream, and are
 * then routed against the full table; the publish is acked only once its delivery is.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class BootstrapGateTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    RoutingOptions options;

    @Inject
    AmqpRouting amqp;

    @Test
    void publishesWaitForTheReplayAndAreThenRoutedToSubscribersFromTheStream() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "gate-" + run;
        String node = "gate-node-" + run;
        try (StreamClients streams = new StreamClients(kafkaConfig.get("bootstrap.servers").toString())) {
            streams.send(new SessionEvent(tenant, "subscriber", node, 1, SessionState.CONNECTED,
                    List.of(Subscription.of("gate/" + run, 1))));
        }
        byte[] publishRecord = PublishCodec.encode(StreamClients.publishEvent(tenant, "gate/" + run, 1,
                Payload.utf8("held back")));
        AtomicBoolean acked = new AtomicBoolean();
        AtomicBoolean upstreamSubscribed = new AtomicBoolean();
        Multi<Message<byte[]>> publishes = Multi.createFrom()
                .item(Message.of(publishRecord, () -> {
                    acked.set(true);
                    return CompletableFuture.completedFuture(null);
                }))
                .onSubscription().invoke(() -> upstreamSubscribed.set(true));
        SessionTable table = new SessionTable();
        SessionStreamReader reader = new SessionStreamReader(table, kafkaConfig, options, new SimpleMeterRegistry());
        EndOffsets endOffsets = new EndOffsets(kafkaConfig);
        PublishRouter router = new PublishRouter(table, reader, new RoutingMetrics(new SimpleMeterRegistry()),
                endOffsets, amqp);

        AssertSubscriber<Message<byte[]>> deliveries = router.route(publishes)
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        assertThat(upstreamSubscribed).isFalse();
        assertThat(deliveries.getItems()).isEmpty();

        reader.start();
        try {
            deliveries.awaitItems(1, Duration.ofSeconds(60));
            Message<byte[]> delivery = deliveries.getItems().getFirst();
            assertThat(DeliveryCodec.decode(delivery.getPayload()).recipients())
                    .containsExactly(new Recipient("subscriber", 1, false));
            assertThat(delivery.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getTopic())
                    .isEqualTo(Streams.deliveryStream(node));
            assertThat(acked).isFalse();

            delivery.ack();

            assertThat(acked).isTrue();
        } finally {
            reader.stop();
            endOffsets.close();
        }
    }
}
