package io.tsunagu.ingest.transport;

import static io.tsunagu.ingest.support.RawMqttClient.DISCONNECT;
import static io.tsunagu.ingest.support.RawMqttClient.PUBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.RawMqttClient.Packet;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Publishes the server refuses, each with the answer the spec gives for the case, and flow control. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class InvalidPublishTest {

    private static final Duration CLOSE = Duration.ofSeconds(10);
    private static final byte[] PAYLOAD = "x".getBytes(StandardCharsets.UTF_8);

    @Inject
    MqttListener listener;

    @Test
    void mqtt5WildcardTopicIsAnsweredWithDisconnectTopicNameInvalid() throws Exception {
        try (RawMqttClient raw = connected5("wild5")) {
            raw.send(RawMqttClient.publish5("a/+/c", 1, 1, PAYLOAD));

            List<Packet> last = raw.readUntilClosed(CLOSE);

            assertThat(last).singleElement().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(DISCONNECT);
                assertThat(packet.reasonCode()).isEqualTo(0x90);
            });
        }
    }

    @Test
    void mqtt311WildcardTopicClosesTheConnection() throws Exception {
        try (RawMqttClient raw = connected311("wild3")) {
            raw.send(RawMqttClient.publish311("a/#", 0, 0, PAYLOAD));

            assertThat(raw.readUntilClosed(CLOSE)).isEmpty();
        }
    }

    @Test
    void mqtt5TopicBeyondTheLevelLimitIsAnsweredInPubackAndTheConnectionStays() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("deep"));
        client.connect();
        String tooDeep = MqttClients.uniqueTopic("deep") + "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16";

        Mqtt5PubAck refused = catchThrowableOfType(Mqtt5PubAckException.class, () -> client.publishWith()
                .topic(tooDeep).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send()).getMqttMessage();
        Mqtt5PubAck accepted = pubAck(client.publishWith().topic(MqttClients.uniqueTopic("shallow"))
                .qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send());
        client.disconnect();

        assertThat(refused.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
        assertThat(refused.getReasonString()).hasValueSatisfying(
                reason -> assertThat(reason.toString()).isEqualTo("ING-1014 Topic name invalid"));
        assertThat(accepted.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    }

    @Test
    void mqtt5InvalidUtf8UnderUtf8IndicatorIsAnsweredWithPayloadFormatInvalid() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("utf8"));
        client.connect();

        Mqtt5PubAck pubAck = catchThrowableOfType(Mqtt5PubAckException.class, () -> client.publishWith()
                .topic(MqttClients.uniqueTopic("utf8")).qos(MqttQos.AT_LEAST_ONCE)
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .payload(new byte[] {(byte) 0xC3, (byte) 0x28}).send()).getMqttMessage();
        client.disconnect();

        assertThat(pubAck.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    }

    @Test
    void mqtt5ClientExceedingOurReceiveMaximumIsDisconnectedWithReceiveMaximumExceeded() throws Exception {
        try (RawMqttClient raw = connected5("recvmax")) {
            String topic = MqttClients.uniqueTopic("recvmax");
            List<byte[]> burst = new ArrayList<>();
            for (int packetId = 1; packetId <= 11; packetId++) {
                burst.add(RawMqttClient.publish5(topic, 1, packetId, PAYLOAD));
            }

            raw.send(RawMqttClient.concat(burst));

            assertThat(raw.readUntilClosed(CLOSE)).last().satisfies(packet -> {
                assertThat(packet.type()).isEqualTo(DISCONNECT);
                assertThat(packet.reasonCode()).isEqualTo(0x93);
            });
        }
    }

    @Test
    void mqtt311ClientBeyondTheWindowIsSlowedDownNotDisconnectedAndAcksStayInOrder() throws Exception {
        try (RawMqttClient raw = connected311("window")) {
            String topic = MqttClients.uniqueTopic("window");
            byte[] payload = new byte[16 * 1024];
            List<byte[]> burst = new ArrayList<>();
            for (int packetId = 1; packetId <= 40; packetId++) {
                burst.add(RawMqttClient.publish311(topic + "/" + packetId % 7, 1, packetId, payload));
            }

            raw.send(RawMqttClient.concat(burst));

            List<Integer> acked = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                acked.add(raw.expect(PUBACK).packetId());
            }
            assertThat(acked).isSorted().hasSize(40).doesNotHaveDuplicates();
        }
    }

    private RawMqttClient connected5(String prefix) throws Exception {
        RawMqttClient raw = RawMqttClient.open(listener.actualPort());
        raw.send(RawMqttClient.connect5(MqttClients.uniqueId(prefix), 60));
        assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        return raw;
    }

    private RawMqttClient connected311(String prefix) throws Exception {
        RawMqttClient raw = RawMqttClient.open(listener.actualPort());
        raw.send(RawMqttClient.connect311(MqttClients.uniqueId(prefix), 60));
        assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        return raw;
    }

    private static Mqtt5PubAck pubAck(Mqtt5PublishResult result) {
        return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck();
    }
}
