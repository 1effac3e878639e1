package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.amqp.ChannelRef;
import io.tsunagu.contracts.amqp.QueueMessage;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.codec.QueueMessageCodec;
import io.tsunagu.contracts.event.DeliverySource;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.amqp.topology.TopologyFollower;
import io.tsunagu.routing.amqp.topology.TopologyStreamOptions;
import io.tsunagu.routing.amqp.topology.TopologyWriter;
import io.tsunagu.routing.dispatch.AmqpPublishes.Target;
import io.tsunagu.routing.session.SessionStreamReader;
import io.tsunagu.routing.session.SessionTable;
import io.tsunagu.routing.stream.EndOffsets;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/**
 * A restarting routing replica: publishes wait until the topology copy has replayed the topology stream (as they
 * wait for the session table), and are then routed with the full topology; the publish is acked only once its queue
 * record is.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class TopologyGateTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    TopologyStreamOptions topologyOptions;

    @Inject
    SessionStreamReader sessions;

    @Inject
    SessionTable table;

    @Inject
    OutcomeWriter outcomes;

    @Inject
    AmqpRoutingMetrics amqpMetrics;

    @Inject
    MqttToAmqp mqttToAmqp;

    @Test
    void amqpPublishesWaitForTheTopologyReplayAndAreThenRoutedToItsQueues() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String vhost = "gate-" + run;
        String bootstrap = kafkaConfig.get("bootstrap.servers").toString();
        try (TopologyWriter storage = new TopologyWriter(bootstrap)) {
            storage.queue(vhost, "jobs", Map.of());
            storage.bindQueue(vhost, "amq.direct", "jobs", "job");
        }
        AmqpPublishEvent event = AmqpPublishes.event(vhost, new ChannelRef("gate-node-" + run, "c", 1),
                Target.to("amq.direct", "job"), "held back");
        DeliverySource source;
        try (AmqpPublishes amqp = new AmqpPublishes(bootstrap)) {
            source = amqp.send(event);
        }
        byte[] publishRecord = AmqpPublishCodec.encode(event);
        AtomicBoolean acked = new AtomicBoolean();
        AtomicBoolean upstreamSubscribed = new AtomicBoolean();
        // As the channel hands it over: with the position Kafka gave it.
        Message<byte[]> consumed = Message.of(publishRecord, Metadata.of(new IncomingKafkaRecordMetadata<>(
                new ConsumerRecord<>(Streams.PUBLISH, source.partition(), source.offset(), "key", publishRecord),
                PublishRouter.PUBLISHES)), () -> {
                    acked.set(true);
                    return CompletableFuture.completedFuture(null);
                });
        Multi<Message<byte[]>> publishes = Multi.createFrom()
                .item(consumed)
                .onSubscription().invoke(() -> upstreamSubscribed.set(true));
        TopologyFollower follower = new TopologyFollower(kafkaConfig, topologyOptions, new SimpleMeterRegistry());
        EndOffsets endOffsets = new EndOffsets(kafkaConfig);
        RoutingMetrics metrics = new RoutingMetrics(new SimpleMeterRegistry());
        AmqpPublishRouting publishRouting = new AmqpPublishRouting(follower, table, outcomes, metrics, amqpMetrics);
        PublishRouter router = new PublishRouter(table, sessions, metrics, endOffsets,
                new AmqpRouting(follower, publishRouting, mqttToAmqp));

        AssertSubscriber<Message<byte[]>> records = router.route(publishes)
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        assertThat(upstreamSubscribed).isFalse();
        assertThat(records.getItems()).isEmpty();

        follower.start();
        try {
            records.awaitItems(1, Duration.ofSeconds(60));
            Message<byte[]> record = records.getItems().getFirst();
            assertThat(record.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getTopic())
                    .isEqualTo(Streams.QUEUE);
            QueueMessage copy = QueueMessageCodec.decode(record.getPayload());
            assertThat(copy.queue()).isEqualTo("jobs");
            assertThat(copy.source()).isEqualTo(source);
            assertThat(acked).isFalse();

            record.ack();

            assertThat(acked).isTrue();
        } finally {
            follower.stop();
            endOffsets.close();
        }
    }
}
