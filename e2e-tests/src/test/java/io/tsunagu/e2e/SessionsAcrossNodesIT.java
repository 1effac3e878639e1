package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Persistent sessions move between nodes: subscriptions and queued messages follow the client, a QoS 2 flow begun
 * on one node ends on another, a second connection takes the session over, sessions expire, and a will outlives
 * the node that held it.
 */
class SessionsAcrossNodesIT {

    private static final Duration LONG = Duration.ofSeconds(120);
    private static final int ONE_HOUR = 3600;

    private static Platform platform;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.shared();
    }

    @Test
    void persistentSessionMovesToNodeBWithItsSubscriptionAndQueuedMessages() throws Exception {
        String clientId = "persistent-" + run;
        String topic = "e2e/" + run + "/persist/t";
        List<Mqtt.Received> received = new CopyOnWriteArrayList<>();
        Mqtt5AsyncClient onA = persistentClient(clientId, platform.nodeA(), received);
        assertThat(connectPersistent(onA).isSessionPresent()).isFalse();
        onA.subscribeWith().topicFilter("e2e/" + run + "/persist/#").qos(MqttQos.AT_LEAST_ONCE).send()
                .get(10, TimeUnit.SECONDS);
        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeA(), "pub");
        Mqtt.awaitRouted(publisher, "e2e/" + run + "/persist/probe", received);
        onA.disconnect().get(10, TimeUnit.SECONDS);

        NumberedPublisher whileAway = new NumberedPublisher(publisher, topic, 10).start(50);
        whileAway.awaitDone(LONG);
        Mqtt5AsyncClient onB = persistentClient(clientId, platform.nodeB(), received);
        assertThat(connectPersistent(onB).isSessionPresent()).isTrue();
        NumberedPublisher afterReturn = new NumberedPublisher(publisher, topic + "-live", 10).start(20);
        afterReturn.awaitDone(LONG);

        await().atMost(LONG).until(() -> Mqtt.numbersOn(received, topic).size() >= 50
                && Mqtt.numbersOn(received, topic + "-live").size() >= 20);
        assertThat(Mqtt.numbersOn(received, topic)).containsExactlyElementsOf(sorted(whileAway));
        assertThat(Mqtt.numbersOn(received, topic + "-live")).containsExactlyElementsOf(sorted(afterReturn));
        Mqtt.disconnect(publisher);
        endSession(onB);
    }

    @Test
    void qos2PublishBegunOnNodeAIsCompletedOnNodeBExactlyOnce() throws Exception {
        String clientId = "qos2-" + run;
        String topic = "e2e/" + run + "/qos2-handover";
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "e2e/" + run + "/#", MqttQos.EXACTLY_ONCE);
        Mqtt5AsyncClient prober = Mqtt.connect(platform.nodeA(), "probe");
        Mqtt.awaitRouted(prober, "e2e/" + run + "/probe", received);

        try (RawMqtt onA = new RawMqtt(platform.nodeA().mqttPort())) {
            assertThat(onA.connectPersistent(clientId, ONE_HOUR).sessionPresent()).isFalse();
            onA.publishQos2(topic, 7, "once", false);
            assertThat(onA.read().type()).isEqualTo(RawMqtt.PUBREC);
        }
        try (RawMqtt onB = new RawMqtt(platform.nodeB().mqttPort())) {
            assertThat(onB.connectPersistent(clientId, ONE_HOUR).sessionPresent()).isTrue();
            // The client did not see PUBREC in time and sends the PUBLISH again with DUP [MQTT-4.3.3-10]...
            onB.publishQos2(topic, 7, "once", true);
            RawMqtt.Packet pubrec = onB.read();
            assertThat(pubrec.type()).isEqualTo(RawMqtt.PUBREC);
            assertThat(pubrec.reasonCode()).isZero();
            // ...then releases it: PUBCOMP with success, since node B knows packet 7 [MQTT-4.3.3-12].
            onB.pubrel(7);
            RawMqtt.Packet pubcomp = onB.read();
            assertThat(pubcomp.type()).isEqualTo(RawMqtt.PUBCOMP);
            assertThat(pubcomp.reasonCode()).isZero();
        }

        await().atMost(LONG).until(() -> received.stream().anyMatch(message -> message.topic().equals(topic)));
        await().during(Duration.ofSeconds(3)).atMost(LONG).until(() -> received.stream()
                .filter(message -> message.topic().equals(topic)).count() == 1);
        Mqtt.disconnect(subscriber, prober);
    }

    @Test
    void qos2DeliveryReceivedOnNodeAIsReleasedOnNodeBAndNotSentAgain() throws Exception {
        String clientId = "qos2-out-" + run;
        String topic = "e2e/" + run + "/qos2-out";
        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeB(), "pub");
        Mqtt5AsyncClient probeOnA = Mqtt.connect(platform.nodeA(), "probe");
        Mqtt.awaitRouted(publisher, "e2e/" + run + "/probe",
                Mqtt.subscribe(probeOnA, "e2e/" + run + "/probe"));
        int packetId;
        try (RawMqtt onA = new RawMqtt(platform.nodeA().mqttPort())) {
            assertThat(onA.connectPersistent(clientId, ONE_HOUR).sessionPresent()).isFalse();
            onA.subscribe(1, topic, 2);
            assertThat(onA.read().type()).isEqualTo(RawMqtt.SUBACK);
            publishQos2(publisher, topic, "first");
            RawMqtt.Packet publish = onA.read();
            assertThat(publish.type()).isEqualTo(RawMqtt.PUBLISH);
            packetId = publish.publishPacketId();
            // The client has the message; the connection ends before it sees PUBREL.
            onA.pubrec(packetId);
        }
        try (RawMqtt onB = new RawMqtt(platform.nodeB().mqttPort())) {
            assertThat(onB.connectPersistent(clientId, ONE_HOUR).sessionPresent()).isTrue();
            // PUBREL again with the same packet id, not the PUBLISH [MQTT-4.4.0-1]...
            RawMqtt.Packet pubrel = onB.read();
            assertThat(pubrel.type()).isEqualTo(RawMqtt.PUBREL);
            assertThat(pubrel.packetId()).isEqualTo(packetId);
            onB.pubcomp(packetId);
            // ...so the next message the client sees is the next one published.
            publishQos2(publisher, topic, "second");
            RawMqtt.Packet next = onB.read();
            assertThat(next.type()).isEqualTo(RawMqtt.PUBLISH);
            assertThat(next.publishPayload()).isEqualTo("second");
            onB.pubrec(next.publishPacketId());
        } finally {
            Mqtt.disconnect(publisher, probeOnA);
        }
    }

    @Test
    void connectingOnNodeBTakesTheSessionOverFromNodeA() throws Exception {
        String clientId = "takeover-" + run;
        try (RawMqtt onA = new RawMqtt(platform.nodeA().mqttPort())) {
            assertThat(onA.connectPersistent(clientId, ONE_HOUR).sessionPresent()).isFalse();
            try (RawMqtt onB = new RawMqtt(platform.nodeB().mqttPort())) {
                RawMqtt.Packet connack = onB.connectPersistent(clientId, ONE_HOUR);

                assertThat(connack.sessionPresent()).isTrue();
                RawMqtt.Packet disconnect = onA.read();
                assertThat(disconnect.type()).isEqualTo(RawMqtt.DISCONNECT);
                assertThat(disconnect.reasonCode()).isEqualTo(0x8E);
            }
        }
    }

    @Test
    void expiredSessionIsNotResumed() throws Exception {
        String clientId = "expiring-" + run;
        try (RawMqtt first = new RawMqtt(platform.nodeA().mqttPort())) {
            assertThat(first.connectPersistent(clientId, 1).sessionPresent()).isFalse();
            await().atMost(LONG).until(() -> sessionStatus(clientId) == 200);
        }
        await().atMost(LONG).until(() -> sessionStatus(clientId) == 404);

        try (RawMqtt again = new RawMqtt(platform.nodeB().mqttPort())) {
            assertThat(again.connectPersistent(clientId, 1).sessionPresent()).isFalse();
        }
    }

    @Test
    void delayedWillIsPublishedAfterItsNodeDied() throws Exception {
        String willTopic = "e2e/" + run + "/orphan-will";
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "e2e/" + run + "/#");
        Mqtt5AsyncClient prober = Mqtt.connect(platform.nodeB(), "probe");
        Mqtt.awaitRouted(prober, "e2e/" + run + "/probe", received);
        RawMqtt device = new RawMqtt(platform.nodeA().mqttPort());
        assertThat(device.connectWithDelayedWill("device-" + run, ONE_HOUR,
                new RawMqtt.Will(willTopic, "node lost", 1)).type()).isEqualTo(RawMqtt.CONNACK);

        platform.nodeA().process().kill();
        try {
            await().atMost(LONG).until(() -> received.stream()
                    .anyMatch(message -> message.topic().equals(willTopic)));
            assertThat(received).filteredOn(message -> message.topic().equals(willTopic))
                    .containsExactly(new Mqtt.Received(willTopic, "node lost", false));
        } finally {
            device.close();
            platform.nodeA().process().start();
            platform.nodeA().process().awaitReady();
            Mqtt.disconnect(subscriber, prober);
        }
    }

    private static void publishQos2(Mqtt5AsyncClient publisher, String topic, String payload) throws Exception {
        publisher.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);
    }

    private static Mqtt5AsyncClient persistentClient(String clientId, Platform.IngestNode node,
            List<Mqtt.Received> received) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(node.mqttPort())
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> received.add(Mqtt.toReceived(publish)));
        return client;
    }

    private static Mqtt5ConnAck connectPersistent(Mqtt5AsyncClient client) throws Exception {
        return client.connectWith().cleanStart(false).sessionExpiryInterval(ONE_HOUR).send()
                .get(30, TimeUnit.SECONDS);
    }

    /** Disconnects with Session Expiry Interval 0, which ends the session (MQTT 5 §3.14.2.2.2). */
    private static void endSession(Mqtt5AsyncClient client) throws Exception {
        client.disconnectWith().sessionExpiryInterval(0).send().get(10, TimeUnit.SECONDS);
    }

    /** What routing's internal session API answers for {@code clientId}: 200 while the session exists, else 404. */
    private static int sessionStatus(String clientId) {
        return RestAssured.given()
                .queryParam("tenant", "default")
                .queryParam("clientId", clientId)
                .get(platform.routing().baseUrl() + "/internal/sessions")
                .statusCode();
    }

    private static List<Integer> sorted(NumberedPublisher publisher) {
        return publisher.acknowledged().stream().sorted().toList();
    }
}
