package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.RawMqttClient.Packet;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When Kafka does not take a record, the publisher gets no PUBACK: the connection is closed (MQTT 5 DISCONNECT
 * 0x80) so that the client reconnects and resends. Kafka is made to refuse by a producer whose requests may not
 * exceed 2 KiB: larger records fail, smaller ones still pass.
 */
@QuarkusTest
@TestProfile(HandoffFailureTest.SmallRecordsProfile.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class HandoffFailureTest {

    private static final byte[] TOO_LARGE_FOR_KAFKA = new byte[4096];

    @Inject
    MqttListener listener;

    @Inject
    MeterRegistry meters;

    /** A publish producer that refuses records above 2 KiB. */
    public static final class SmallRecordsProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.publish-out.max.request.size", "2048");
        }
    }

    @Test
    void qos1PublishKafkaRefusesGetsNoPubackAndTheConnectionIsClosed() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("refused"), 60));
            raw.expect(RawMqttClient.CONNACK);

            raw.send(RawMqttClient.publish5(MqttClients.uniqueTopic("refused"), 1, 1, TOO_LARGE_FOR_KAFKA));

            List<Packet> answers = raw.readUntilClosed(Duration.ofSeconds(20));
            assertThat(answers).noneMatch(packet -> packet.type() == RawMqttClient.PUBACK);
            assertThat(answers).singleElement().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(RawMqttClient.DISCONNECT);
                assertThat(packet.reasonCode()).isEqualTo(0x80);
                assertThat(new String(packet.body(), StandardCharsets.UTF_8)).contains("ING-1024");
            });
        }
    }

    @Test
    void qos0PublishKafkaRefusesIsCountedAsDroppedAndTheConnectionStays() throws Exception {
        double before = droppedHandoffFailed();
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect5(MqttClients.uniqueId("qos0"), 60));
            raw.expect(RawMqttClient.CONNACK);

            raw.send(RawMqttClient.publish5(MqttClients.uniqueTopic("qos0"), 0, 0, TOO_LARGE_FOR_KAFKA));

            await().atMost(Duration.ofSeconds(20)).until(() -> droppedHandoffFailed() >= before + 1);
            raw.send(RawMqttClient.pingreq());
            raw.expect(RawMqttClient.PINGRESP);
        }
    }

    @Test
    void smallPublishIsStillAcknowledged() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("small"));
        client.connect();

        Mqtt5PublishResult result = client.publishWith().topic(MqttClients.uniqueTopic("small"))
                .qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1, 2, 3}).send();
        client.disconnect();

        assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode())
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    }

    private double droppedHandoffFailed() {
        return meters.get(IngestMetrics.MESSAGES_DROPPED).tag("reason", "handoff-failed").counter().count();
    }
}
