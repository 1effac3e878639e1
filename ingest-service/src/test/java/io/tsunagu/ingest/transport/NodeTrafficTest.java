package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.DeliveryCodec;
import io.tsunagu.contracts.codec.NodeCodec;
import io.tsunagu.contracts.event.DeliveryEvent;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.NodeTraffic;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.event.Recipient;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.TestDeliveries;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The node's traffic since start, which its heartbeat carries to routing for {@code $SYS/broker/messages/sent} and
 * {@code $SYS/broker/bytes/...}: PUBLISH packets written to clients and the bytes of the client connections, which
 * {@code /q/metrics} shows too. Counters only grow and other tests' clients share the node, so the tests assert that
 * they grew by at least this test's traffic.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class NodeTrafficTest {

    /** Two heartbeats (5 s apart in tests) and then some. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] PAYLOAD = "traffic".getBytes(StandardCharsets.UTF_8);

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void heartbeatCarriesTheTrafficOfAClientThatPublishesAndReceives() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            NodeTraffic before = nextHeartbeat(kafka).traffic();
            Exchange exchange = publishAndReceive(kafka);

            NodeTraffic after = awaitHeartbeat(kafka, traffic -> traffic.messagesSent() >= before.messagesSent() + 1
                    && traffic.bytesReceived() >= before.bytesReceived() + exchange.bytesFromClient()
                    && traffic.bytesSent() >= before.bytesSent() + exchange.bytesToClient());

            assertThat(after.messagesSent()).isGreaterThan(before.messagesSent());
            assertThat(after.bytesReceived()).isGreaterThanOrEqualTo(before.bytesReceived()
                    + exchange.bytesFromClient());
            assertThat(after.bytesSent()).isGreaterThanOrEqualTo(before.bytesSent() + exchange.bytesToClient());
        }
    }

    @Test
    void bytesOfTheClientConnectionsAreMetered() throws Exception {
        double receivedBefore = meter(IngestMetrics.BYTES_RECEIVED);
        double sentBefore = meter(IngestMetrics.BYTES_SENT);
        byte[] connect = RawMqttClient.connect5(MqttClients.uniqueId("bytes"), 60);

        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(connect);
            RawMqttClient.Packet connack = raw.expect(RawMqttClient.CONNACK);

            assertThat(meter(IngestMetrics.BYTES_RECEIVED)).isGreaterThanOrEqualTo(receivedBefore + connect.length);
            assertThat(meter(IngestMetrics.BYTES_SENT)).isGreaterThanOrEqualTo(sentBefore + wireSize(connack));
        }
    }

    /** Bytes the test client wrote and read, PUBLISH packets included. */
    private record Exchange(long bytesFromClient, long bytesToClient) {
    }

    /**
     * A client connects, publishes at QoS 1 (PUBACK once Kafka has the message) and receives one delivery: one
     * PUBLISH packet written by the node.
     */
    private Exchange publishAndReceive(KafkaTestClient kafka) throws Exception {
        String clientId = MqttClients.uniqueId("traffic");
        String topic = MqttClients.uniqueTopic("traffic");
        byte[] connect = RawMqttClient.connect5(clientId, 60);
        byte[] publish = RawMqttClient.publish5(topic, 1, 1, PAYLOAD);
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(connect);
            RawMqttClient.Packet connack = raw.expect(RawMqttClient.CONNACK);
            raw.send(publish);
            RawMqttClient.Packet puback = raw.expect(RawMqttClient.PUBACK);
            deliver(kafka, TestDeliveries.publishEvent(topic, "delivered"), clientId);
            RawMqttClient.Packet delivered = raw.expect(RawMqttClient.PUBLISH);
            return new Exchange(connect.length + publish.length,
                    wireSize(connack) + wireSize(puback) + wireSize(delivered));
        }
    }

    private void deliver(KafkaTestClient kafka, PublishEvent publish, String clientId) throws Exception {
        DeliveryEvent delivery = new DeliveryEvent(identity.nodeId(), List.of(new Recipient(clientId, 0, false)),
                publish);
        kafka.send(identity.deliveryStream(), Streams.publishKey(publish.tenant(), publish.topic()),
                DeliveryCodec.encode(delivery));
    }

    /** The node's first heartbeat written from now on. */
    private NodeEvent nextHeartbeat(KafkaTestClient kafka) {
        Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
        String key = Streams.nodeKey(identity.nodeId());
        ConsumerRecord<String, byte[]> beat = kafka.awaitRecords(from, record -> key.equals(record.key()), 1, WAIT)
                .get(0);
        return NodeCodec.decode(beat.value());
    }

    /** The traffic of the first heartbeat from now on that {@code wanted} accepts. */
    private NodeTraffic awaitHeartbeat(KafkaTestClient kafka, Predicate<NodeTraffic> wanted) {
        Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
        String key = Streams.nodeKey(identity.nodeId());
        ConsumerRecord<String, byte[]> beat = kafka.awaitRecords(from, record -> key.equals(record.key())
                && wanted.test(NodeCodec.decode(record.value()).traffic()), 1, WAIT).get(0);
        return NodeCodec.decode(beat.value()).traffic();
    }

    private double meter(String name) {
        return meters.get(name).tag("service", "ingest").functionCounter().count();
    }

    /** A packet's size on the wire: first byte, Remaining Length as a variable byte integer, then the body. */
    private static long wireSize(RawMqttClient.Packet packet) {
        int length = packet.body().length;
        int lengthBytes = 1;
        for (int rest = length >>> 7; rest > 0; rest >>>= 7) {
            lengthBytes++;
        }
        return 1L + lengthBytes + length;
    }
}
