package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.contracts.codec.PublishCodec;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.KafkaTestClient;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.RawMqttClient.Will;
import io.tsunagu.ingest.support.RestrictedProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

/** The file ACL of {@link RestrictedProfile} decides what clients may subscribe and publish to. */
@QuarkusTest
@TestProfile(RestrictedProfile.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class AclTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final byte[] PAYLOAD = "acl".getBytes(StandardCharsets.UTF_8);
    /** vertx-mqtt 4.5 passes a user name on only together with a password. */
    private static final byte[] PASSWORD = "any".getBytes(StandardCharsets.UTF_8);

    @Inject
    MqttListener listener;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void mqtt5SubscriptionsTheAclDoesNotCoverGetNotAuthorized() throws Exception {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("sub5"));
        client.connect();
        double refusedBefore = refused("subscribe");

        Mqtt5SubAck subAck = subAck5(client.toAsync().subscribeWith()
                .addSubscription().topicFilter("acl/public/" + unique() + "/#").qos(MqttQos.AT_LEAST_ONCE)
                .applySubscription()
                .addSubscription().topicFilter("acl/secret/#").applySubscription()
                .addSubscription().topicFilter("#").applySubscription()
                .addSubscription().topicFilter("acl/+/news").applySubscription()
                .send());
        client.disconnect();

        assertThat(subAck.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1,
                Mqtt5SubAckReasonCode.NOT_AUTHORIZED, Mqtt5SubAckReasonCode.NOT_AUTHORIZED,
                Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subAck.getReasonString()).hasValueSatisfying(
                reason -> assertThat(reason.toString()).isEqualTo("ING-1007 Not authorized"));
        assertThat(refused("subscribe")).isEqualTo(refusedBefore + 3);
    }

    @Test
    void mqtt311SubscriptionTheAclRefusesGetsFailure() throws Exception {
        Mqtt3BlockingClient client = MqttClients.hivemq3Blocking(listener.actualPort(), MqttClients.uniqueId("sub3"));
        client.connect();

        Mqtt3SubAck subAck = subAck3(client.toAsync().subscribeWith()
                .addSubscription().topicFilter("acl/secret/#").applySubscription()
                .addSubscription().topicFilter("acl/public/+").qos(MqttQos.AT_MOST_ONCE).applySubscription()
                .send());
        client.disconnect();

        assertThat(subAck.getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE,
                Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_0);
    }

    @Test
    void mqtt5Qos1PublishTheAclRefusesGetsNotAuthorizedAndIsNotHandedOff() {
        String topic = "acl/secret/" + unique();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("pub5"));
            client.connect();

            Mqtt5PubAck pubAck = catchThrowableOfType(Mqtt5PubAckException.class, () -> client.publishWith()
                    .topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send()).getMqttMessage();
            boolean stillConnected = client.getState().isConnected();
            client.disconnect();

            assertThat(pubAck.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(stillConnected).isTrue();
            assertThat(kafka.collectFor(from, r -> key(topic).equals(r.key()), QUIET)).isEmpty();
        }
    }

    @Test
    void mqtt5Qos0PublishTheAclRefusesIsDroppedAndCounted() {
        String topic = "acl/secret/" + unique();
        double droppedBefore = dropped();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(),
                    MqttClients.uniqueId("pub0"));
            client.connect();

            client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(PAYLOAD).send();

            await().atMost(WAIT).until(() -> dropped() == droppedBefore + 1);
            client.disconnect();
            assertThat(kafka.collectFor(from, r -> key(topic).equals(r.key()), QUIET)).isEmpty();
        }
    }

    @Test
    void mqtt311Qos1PublishTheAclRefusesIsAcknowledgedButDropped() throws Exception {
        String topic = "acl/secret/" + unique();
        double droppedBefore = dropped();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            MqttClient client = MqttClients.paho3(listener.actualPort(), MqttClients.uniqueId("pub3"));
            client.connect(MqttClients.paho3Options(MqttConnectOptions.MQTT_VERSION_3_1_1));

            // 3.1.1 cannot say "not authorized": a positive PUBACK, so the client does not resend it [MQTT-3.3.5-2].
            client.publish(topic, PAYLOAD, 1, false);
            client.disconnect();
            client.close();

            assertThat(dropped()).isEqualTo(droppedBefore + 1);
            assertThat(kafka.collectFor(from, r -> key(topic).equals(r.key()), QUIET)).isEmpty();
        }
    }

    @Test
    void clientIdPatternLetsAClientPublishUnderItsOwnIdOnly() {
        String clientId = MqttClients.uniqueId("dev");
        String own = "acl/devices/" + clientId + "/temperature";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), clientId);
            client.connect();

            client.publishWith().topic(own).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send();
            Mqtt5PubAck other = catchThrowableOfType(Mqtt5PubAckException.class, () -> client.publishWith()
                    .topic("acl/devices/someone-else/temperature").qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD)
                    .send()).getMqttMessage();
            client.disconnect();

            assertThat(other.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(kafka.awaitRecords(from, r -> key(own).equals(r.key()), 1, WAIT)).hasSize(1);
        }
    }

    @Test
    void userNamePatternLetsAUserReadItsOwnInboxOnly() throws Exception {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("bob"));
        client.connectWith().simpleAuth().username("bob").password(PASSWORD).applySimpleAuth().send();

        Mqtt5SubAck subAck = subAck5(client.toAsync().subscribeWith()
                .addSubscription().topicFilter("acl/users/bob/inbox").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter("acl/users/carol/inbox").applySubscription()
                .addSubscription().topicFilter("acl/public/#").applySubscription()
                .send());
        client.disconnect();

        // The lines before any "user" apply to clients without a user name only.
        assertThat(subAck.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1,
                Mqtt5SubAckReasonCode.NOT_AUTHORIZED, Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void userSectionGrantsOnlyThatUser() {
        String topic = "acl/alice/" + unique();
        Mqtt5BlockingClient alice = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("alice"));
        alice.connectWith().simpleAuth().username("alice").password(PASSWORD).applySimpleAuth().send();
        Mqtt5BlockingClient anonymous = MqttClients.hivemq5Blocking(listener.actualPort(),
                MqttClients.uniqueId("anon"));
        anonymous.connect();

        alice.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send();
        Mqtt5PubAck refused = catchThrowableOfType(Mqtt5PubAckException.class, () -> anonymous.publishWith()
                .topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send()).getMqttMessage();
        alice.disconnect();
        anonymous.disconnect();

        assertThat(refused.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void userNameWithoutPasswordIsTheClientsUserName() {
        // MQTT 5 §3.1.3.5 and 3.1.1 §3.1.3.4: a user name may come without a password.
        String topic = "acl/alice/" + unique();
        Mqtt5BlockingClient alice = MqttClients.hivemq5Blocking(listener.actualPort(), MqttClients.uniqueId("alice"));
        alice.connectWith().simpleAuth().username("alice").applySimpleAuth().send();

        Mqtt5PublishResult result = alice.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD)
                .send();
        alice.disconnect();

        assertThat(result.getError()).isEmpty();
    }

    @Test
    void willTheAclRefusesIsNotPublished() throws Exception {
        String topic = "acl/secret/" + unique();
        double refusedBefore = refused("will");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                raw.send(RawMqttClient.connect5(MqttClients.uniqueId("will-no"), 60, 0, Will.of(topic, PAYLOAD)));
                raw.expect(RawMqttClient.CONNACK);
            }

            // Checked when it would be published, as Mosquitto does.
            await().atMost(WAIT).until(() -> refused("will") == refusedBefore + 1);
            assertThat(kafka.collectFor(from, r -> key(topic).equals(r.key()), QUIET)).isEmpty();
        }
    }

    @Test
    void willTheAclAllowsIsPublished() throws Exception {
        String topic = "acl/wills/allowed/" + unique();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            Map<TopicPartition, Long> from = kafka.endOffsets(Streams.PUBLISH);
            try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
                raw.send(RawMqttClient.connect311(MqttClients.uniqueId("will-yes"), 60, Will.of(topic, PAYLOAD)));
                raw.expect(RawMqttClient.CONNACK);
            }

            assertThat(kafka.awaitRecords(from, r -> key(topic).equals(r.key()), 1, WAIT))
                    .singleElement()
                    .satisfies(r -> assertThat(PublishCodec.decode(r.value()).payload().toByteArray())
                            .isEqualTo(PAYLOAD));
        }
    }

    private double refused(String action) {
        return meters.get(IngestMetrics.AUTHORIZATION_REFUSED).tag("action", action).counter().count();
    }

    private double dropped() {
        return meters.get(IngestMetrics.MESSAGES_DROPPED).tag("reason", "not-authorized").counter().count();
    }

    private static String key(String topic) {
        return Streams.publishKey("default", topic);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 12);
    }

    private static Mqtt5SubAck subAck5(CompletableFuture<Mqtt5SubAck> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return ((Mqtt5SubAckException) e.getCause()).getMqttMessage();
        }
    }

    private static Mqtt3SubAck subAck3(CompletableFuture<Mqtt3SubAck> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return ((Mqtt3SubAckException) e.getCause()).getMqttMessage();
        }
    }
}
