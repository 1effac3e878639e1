package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.codec.SessionCodec;
import io.tsunagu.contracts.event.SessionEvent;
import io.tsunagu.contracts.event.SessionState;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.config.NodeIdentity;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class ConnectTest {

    @Inject
    MqttListener listener;

    @Inject
    NodeIdentity identity;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void mqtt5ClientWithoutIdentifierIsAssignedOneInConnack() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), "");

        Mqtt5ConnAck connAck = client.connect();
        try {
            assertThat(connAck.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            assertThat(connAck.isSessionPresent()).isFalse();
            assertThat(connAck.getAssignedClientIdentifier()).isPresent();
            assertThat(connAck.getAssignedClientIdentifier().get().toString()).startsWith("auto-");
        } finally {
            client.disconnect();
        }
    }

    @Test
    void mqtt311ClientWithoutIdentifierAndWithoutCleanSessionIsRefusedWithIdentifierRejected() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect311Persistent("", 30));

            RawMqttClient.Packet connack = raw.expect(RawMqttClient.CONNACK);

            assertThat(connack.reasonCode()).isEqualTo(0x02);
            assertThat(raw.readUntilClosed(Duration.ofSeconds(5))).isEmpty();
        }
    }

    @Test
    void hivemqMqtt311ClientWithoutIdentifierAndWithoutCleanSessionIsRefused() {
        Mqtt3BlockingClient client = MqttClients.hivemq3Blocking(listener.actualPort(), "");

        Mqtt3ConnAckException refused = catchThrowableOfType(Mqtt3ConnAckException.class,
                () -> client.connectWith().cleanSession(false).send());

        assertThat(refused.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.IDENTIFIER_REJECTED);
    }

    @Test
    void mqtt311ClientWithoutIdentifierAndWithCleanSessionIsAccepted() throws Exception {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(RawMqttClient.connect311("", 30));

            assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        }
    }

    @Test
    void mqtt5ConnackAdvertisesWhatTheServerSupports() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("caps"));

        Mqtt5ConnAck connAck = client.connect();
        try {
            Mqtt5ConnAckRestrictions restrictions = connAck.getRestrictions();
            // No Maximum QoS property: QoS 2 (MQTT 5 §3.2.2.3.4).
            assertThat(restrictions.getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(restrictions.getReceiveMaximum()).isEqualTo(10);
            assertThat(restrictions.getMaximumPacketSize()).isEqualTo(1_048_576);
            assertThat(restrictions.getTopicAliasMaximum()).isEqualTo(16);
            assertThat(restrictions.isRetainAvailable()).isTrue();
            assertThat(restrictions.isWildcardSubscriptionAvailable()).isTrue();
            assertThat(restrictions.isSharedSubscriptionAvailable()).isTrue();
            assertThat(restrictions.areSubscriptionIdentifiersAvailable()).isTrue();
            assertThat(connAck.getServerKeepAlive()).isEmpty();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void mqtt5KeepAliveAboveTheMaximumIsAnsweredWithServerKeepAlive() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("ka"));

        Mqtt5ConnAck connAck = client.connectWith().keepAlive(3600).send();
        try {
            assertThat(connAck.getServerKeepAlive()).hasValue(600);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void mqtt5SessionExpiryAboveTheConfiguredMaximumIsAnsweredWithTheMaximum() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("exp"));

        Mqtt5ConnAck connAck = client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
        try {
            assertThat(connAck.isSessionPresent()).isFalse();
            assertThat(connAck.getSessionExpiryInterval()).hasValue(0);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void clientIdentifierLongerThanTheLimitIsRefused() {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), "x".repeat(257));

        Mqtt5ConnAckException refused = catchThrowableOfType(Mqtt5ConnAckException.class, client::connect);

        assertThat(refused.getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
        assertThat(refused.getMqttMessage().getReasonString()).hasValueSatisfying(
                reason -> assertThat(reason.toString()).startsWith("ING-1005"));
    }

    @Test
    void pahoMqtt5ClientConnects() throws Exception {
        org.eclipse.paho.mqttv5.client.MqttClient client = MqttClients.paho5(listener.actualPort(),
                MqttClients.uniqueId("paho5"));

        client.connect(MqttClients.paho5Options());

        assertThat(client.isConnected()).isTrue();
        client.disconnect();
        client.close();
    }

    @Test
    void connectPublishesConnectedWithoutSubscriptionsAndDisconnectPublishesEnded() {
        String clientId = MqttClients.uniqueId("session");
        String key = Streams.sessionKey("default", clientId);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.SESSION);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connect();
            client.disconnect();

            List<ConsumerRecord<String, byte[]>> records = kafka.awaitRecords(from,
                    record -> key.equals(record.key()), 2, Duration.ofSeconds(20));

            SessionEvent connected = SessionCodec.decode(records.get(0).value());
            SessionEvent ended = SessionCodec.decode(records.get(1).value());
            assertThat(connected.state()).isEqualTo(SessionState.CONNECTED);
            assertThat(connected.subscriptions()).isEmpty();
            assertThat(connected.nodeId()).isEqualTo(identity.nodeId());
            assertThat(connected.nodeEpoch()).isEqualTo(identity.nodeEpoch()).isPositive();
            assertThat(ended.state()).isEqualTo(SessionState.ENDED);
        }
    }
}
