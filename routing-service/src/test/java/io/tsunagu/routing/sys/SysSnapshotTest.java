package io.tsunagu.routing.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.MessageIds;
import io.tsunagu.contracts.event.NodeTraffic;
import io.tsunagu.contracts.event.PublishEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The $SYS topics and payloads, as Mosquitto names them, and the publish records that carry them. */
class SysSnapshotTest {

    @Test
    void snapshotNamesMosquittosTopics() {
        SysSnapshot snapshot = new SysSnapshot(3, 7, 2, 12_345L, new NodeTraffic(678, 90_000L, 123_456_789_012L),
                Duration.ofMillis(61_900), "1.2.3");

        assertThat(snapshot.toTopics()).containsExactly(
                Map.entry("$SYS/broker/clients/connected", "3"),
                Map.entry("$SYS/broker/subscriptions/count", "7"),
                Map.entry("$SYS/broker/retained messages/count", "2"),
                Map.entry("$SYS/broker/messages/received", "12345"),
                Map.entry("$SYS/broker/messages/sent", "678"),
                Map.entry("$SYS/broker/bytes/received", "90000"),
                Map.entry("$SYS/broker/bytes/sent", "123456789012"),
                Map.entry("$SYS/broker/uptime", "61 seconds"),
                Map.entry("$SYS/broker/version", "tsunagu 1.2.3"));
    }

    @Test
    void statisticIsARetainedQosZeroPublishOfTheDefaultTenant() {
        Instant now = Instant.parse("2025-01-01T00:00:00.123456789Z");

        PublishEvent event = SysPublisher.publishEvent("$SYS/broker/uptime", "5 seconds", now);

        assertThat(event.tenant()).isEqualTo("default");
        assertThat(event.clientId()).isEqualTo("$SYS");
        assertThat(event.nodeId()).isEqualTo("routing");
        assertThat(event.qos()).isZero();
        assertThat(event.retain()).isTrue();
        assertThat(event.receivedAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.123456Z"));
        assertThat(event.payload().toUtf8()).isEqualTo("5 seconds");
        assertThat(PublishCodec.decode(PublishCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void messageIdIsAVersionSevenUuidOfTheTime() {
        Instant now = Instant.parse("2025-01-01T00:00:00.123Z");

        var id = SysPublisher.publishEvent("$SYS/broker/uptime", "5 seconds", now).messageId();

        assertThat(id.version()).isEqualTo(7);
        assertThat(MessageIds.epochMillisOf(id)).isEqualTo(now.toEpochMilli());
    }
}
