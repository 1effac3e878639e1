package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.event.PublishEvent;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The $SYS statistics (every second in tests) reach both the publish stream, for live subscribers, and the retained
 * stream, for new ones, as retained QoS 0 publishes of the tenant "default". This test's routing app is the only
 * member of the routing group, so it owns publish partition 0.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
class SysTopicsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

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
    void everyStatisticIsPublishedWithANumber() {
        assertThat(latest(Streams.RETAINED, "$SYS/broker/clients/connected").payload().toUtf8()).matches("\\d+");
        assertThat(latest(Streams.RETAINED, "$SYS/broker/subscriptions/count").payload().toUtf8()).matches("\\d+");
        assertThat(latest(Streams.RETAINED, "$SYS/broker/retained messages/count").payload().toUtf8())
                .matches("\\d+");
        assertThat(latest(Streams.PUBLISH, "$SYS/broker/messages/received").payload().toUtf8()).matches("\\d+");
        assertThat(latest(Streams.PUBLISH, "$SYS/broker/uptime").payload().toUtf8()).matches("\\d+ seconds");
    }
}
