package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.NodeEvent;
import io.tsunagu.contracts.event.NodeTraffic;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.routing.session.SessionTable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The $SYS statistics (every second in tests) reach both the publish stream, for live subscribers, and the retained
 * stream, for new ones, as retained QoS 0 publishes of the tenant "default". This test's routing app is the only
 * member of the routing group, so it owns publish partition 0. The traffic statistics are the sums of the ingest
 * nodes' latest heartbeats, written here as ingest writes them; nodes of other tests keep theirs, so the sums are
 * checked against the table's total before the test plus this test's nodes.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class SysTopicsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    SessionTable table;

    private StreamClients streams;

    @BeforeEach
    void openClients() {
        streams = new StreamClients(bootstrapServers);
    }

    @AfterEach
    void closeClients() {
        streams.close();
    }

    private PublishEvent latest(String stream, String topic) {
        List<ConsumerRecord<String, byte[]>> records = streams.readUntil(stream, Streams.publishKey("default", topic),
                record -> record.value() != null);
        return PublishCodec.decode(records.getLast().value());
    }

    @Test
    void versionIsPublishedLiveAndRetained() {
        for (String stream : List.of(Streams.PUBLISH, Streams.RETAINED)) {
            PublishEvent version = latest(stream, "$SYS/broker/version");

            assertThat(version.payload().toUtf8()).startsWith("tsunagu ");
            assertThat(version.tenant()).isEqualTo("default");
            assertThat(version.clientId()).isEqualTo("$SYS");
            assertThat(version.nodeId()).isEqualTo("routing");
            assertThat(version.qos()).isZero();
            assertThat(version.retain()).isTrue();
        }
    }

    @Test
    void trafficIsTheSumOfEachNodesLatestHeartbeat() {
        awaitStatisticsOfThisRun();
        NodeTraffic before = table.nodeTraffic();
        Node first = Node.start("sys-first");
        Node second = Node.start("sys-second");
        NodeTraffic firstLatest = new NodeTraffic(15, 1_500, 2_500);
        NodeTraffic secondLatest = new NodeTraffic(7, 700, 900);

        streams.send(first.heartbeat(0, new NodeTraffic(10, 1_000, 2_000)));
        streams.send(first.heartbeat(1, firstLatest));
        streams.send(second.heartbeat(0, secondLatest));
        awaitHeartbeat(first.id(), firstLatest);
        awaitHeartbeat(second.id(), secondLatest);

        Instant applied = now();
        NodeTraffic expected = before.plus(firstLatest).plus(secondLatest);
        assertThat(table.nodeTraffic()).isEqualTo(expected);
        awaitPublishedTraffic(expected, applied);
    }

    @Test
    void restartedNodeCountsFromZeroAgain() {
        awaitStatisticsOfThisRun();
        NodeTraffic before = table.nodeTraffic();
        Node node = Node.start("sys-restart");
        NodeTraffic firstRun = new NodeTraffic(40, 4_000, 8_000);
        NodeTraffic secondRun = new NodeTraffic(1, 60, 90);
        streams.send(node.heartbeat(0, firstRun));
        awaitHeartbeat(node.id(), firstRun);

        streams.send(node.restarted().heartbeat(0, secondRun));
        awaitHeartbeat(node.id(), secondRun);

        Instant applied = now();
        NodeTraffic expected = before.plus(secondRun);
        assertThat(table.nodeTraffic()).isEqualTo(expected);
        awaitPublishedTraffic(expected, applied);
    }

    /**
     * Waits for statistics published after now: the publisher runs once it owns publish partition 0, which routing
     * takes only after its session table has read the session stream to the end, so every heartbeat already there
     * is in the table's total.
     */
    private void awaitStatisticsOfThisRun() {
        Instant start = now();
        streams.readUntil(Streams.RETAINED, Streams.publishKey("default", "$SYS/broker/uptime"),
                record -> publishedSince(record, start));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A statistic of a round that started at {@code since} or later (one that read the table after it). */
    private static boolean publishedSince(ConsumerRecord<String, byte[]> record, Instant since) {
        return record.value() != null && !PublishCodec.decode(record.value()).receivedAt().isBefore(since);
    }

    private void awaitHeartbeat(String nodeId, NodeTraffic traffic) {
        await().atMost(WAIT).until(() -> table.heartbeat(nodeId).map(NodeEvent::traffic),
                Optional.of(traffic)::equals);
    }

    /**
     * Waits for $SYS statistics of a round that started at {@code since} or later and carry {@code traffic}:
     * retained, and messages/sent live too.
     */
    private void awaitPublishedTraffic(NodeTraffic traffic, Instant since) {
        awaitStatistic(Streams.RETAINED, new Statistic("$SYS/broker/messages/sent", traffic.messagesSent()), since);
        awaitStatistic(Streams.RETAINED, new Statistic("$SYS/broker/bytes/received", traffic.bytesReceived()), since);
        awaitStatistic(Streams.RETAINED, new Statistic("$SYS/broker/bytes/sent", traffic.bytesSent()), since);
        awaitStatistic(Streams.PUBLISH, new Statistic("$SYS/broker/messages/sent", traffic.messagesSent()), since);
    }

    private void awaitStatistic(String stream, Statistic statistic, Instant since) {
        String payload = Long.toString(statistic.value());
        List<ConsumerRecord<String, byte[]>> records = streams.readUntil(stream,
                Streams.publishKey("default", statistic.topic()), record -> publishedSince(record, since)
                        && PublishCodec.decode(record.value()).payload().toUtf8().equals(payload));
        assertThat(records).isNotEmpty();
    }

    /** A $SYS topic and the number it should carry. */
    private record Statistic(String topic, long value) {
    }

    /** An ingest node of this test: a fresh id, the start of its run, and heartbeats at times after it. */
    private record Node(String id, long epoch) {

        static Node start(String prefix) {
            return new Node(prefix + "-" + UUID.randomUUID(), System.currentTimeMillis());
        }

        /** The same node after a restart: a later run. */
        Node restarted() {
            return new Node(id, epoch + 1);
        }

        /** A heartbeat written {@code second} seconds into the run. */
        NodeEvent heartbeat(int second, NodeTraffic traffic) {
            Instant at = Instant.ofEpochMilli(epoch).plusSeconds(second).truncatedTo(ChronoUnit.MICROS);
            return new NodeEvent(id, epoch, at, traffic);
        }
    }

    @Test
    void everyStatisticIsPublishedWithANumber() {
        assertThat(latest(Streams.RETAINED, "$SYS/broker/clients/connected").payload().toUtf8()).matches("\\d+");
        assertThat(latest(Streams.RETAINED, "$SYS/broker/subscriptions/count").payload().toUtf8()).matches("\\d+");
        assertThat(latest(Streams.RETAINED, "$SYS/broker/retained messages/count").payload().toUtf8())
                .matches("\\d+");
        assertThat(latest(Streams.PUBLISH, "$SYS/broker/messages/received").payload().toUtf8()).matches("\\d+");
        assertThat(latest(Streams.RETAINED, "$SYS/broker/messages/sent").payload().toUtf8()).matches("\\d+");
        assertThat(latest(Streams.RETAINED, "$SYS/broker/bytes/received").payload().toUtf8()).matches("\\d+");
        assertThat(latest(Streams.RETAINED, "$SYS/broker/bytes/sent").payload().toUtf8()).matches("\\d+");
        assertThat(latest(Streams.PUBLISH, "$SYS/broker/uptime").payload().toUtf8()).matches("\\d+ seconds");
    }
}
