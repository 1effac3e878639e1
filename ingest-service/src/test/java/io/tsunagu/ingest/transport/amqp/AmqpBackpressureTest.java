package io.tsunagu.ingest.transport.amqp;

import static io.tsunagu.ingest.transport.amqp.AmqpTestSteps.bytes;
import static io.tsunagu.ingest.transport.amqp.AmqpTestSteps.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.contracts.amqp.AmqpPublishEvent;
import io.tsunagu.contracts.codec.AmqpPublishCodec;
import io.tsunagu.contracts.codec.EventType;
import io.tsunagu.contracts.codec.RecordHeader;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.NodeIdTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The publish window of a connection and connection.blocked, on a node where one publish in Kafka's hands fills
 * both: reading pauses and resumes without losing or reordering publishes, and a client announcing the
 * connection.blocked capability hears blocked and unblocked.
 */
@QuarkusTest
@TestProfile(AmqpBackpressureTest.OneInFlight.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class AmqpBackpressureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AmqpListener listener;
    @Inject
    NodeIdentity identity;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** One publish in flight per connection and per node. */
    public static final class OneInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tsunagu.ingest.amqp.max-publishes-in-flight", "1",
                    "tsunagu.ingest.amqp.blocked-publishes-in-flight", "1");
        }
    }

    @Test
    void publishesBeyondTheWindowWaitAndArriveInOrder() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
                Connection connection = AmqpTestSteps.factory(listener.actualPort()).newConnection()) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Channel channel = connection.createChannel();
            String routingKey = unique("window");

            for (int i = 0; i < 30; i++) {
                channel.basicPublish("", routingKey, null, bytes(Integer.toString(i)));
            }

            List<ConsumerRecord<String, byte[]>> records = kafka.awaitRecords(from,
                    record -> RecordHeader.typeOf(record.value()) == EventType.AMQP_PUBLISH
                            && AmqpPublishCodec.decode(record.value()).message().routingKey().equals(routingKey),
                    30, WAIT);
            assertThat(records.stream().map(record -> AmqpPublishCodec.decode(record.value()))
                    .map(AmqpPublishEvent::message)
                    .map(message -> new String(message.body().toByteArray(), StandardCharsets.UTF_8))
                    .toList())
                    .containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(Integer::toString).toList());
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void clientsHearBlockedAndUnblockedWhileTheHandOffIsBackedUp() throws Exception {
        try (Connection connection = AmqpTestSteps.factory(listener.actualPort()).newConnection()) {
            List<String> heard = new CopyOnWriteArrayList<>();
            connection.addBlockedListener(new BlockedListener() {
                @Override
                public void handleBlocked(String reason) {
                    heard.add("blocked");
                }

                @Override
                public void handleUnblocked() {
                    heard.add("unblocked");
                }
            });
            Channel channel = connection.createChannel();

            channel.basicPublish("", unique("pressure"), null, bytes("x"));

            await().atMost(WAIT).until(() -> heard.contains("unblocked"));
            assertThat(heard).startsWith("blocked", "unblocked");
        }
    }
}
