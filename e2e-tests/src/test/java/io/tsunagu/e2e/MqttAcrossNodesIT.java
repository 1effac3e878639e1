package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MQTT features that span nodes: retained messages kept cluster-wide, QoS 2 exactly once through a routing crash,
 * a lost client's will, and the {@code $SYS} statistics.
 */
class MqttAcrossNodesIT {

    private static final Duration LONG = Duration.ofSeconds(120);

    private static Platform platform;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.shared();
    }

    @Test
    void retainedMessagePublishedOnNodeAReachesANewSubscriberOnNodeB() throws Exception {
        String topic = "e2e/" + run + "/retained/line1";
        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeA(), "pub");
        publishRetained(publisher, topic, "21.5");

        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "e2e/" + run + "/retained/+");

        // The retained copy, once; a live copy may come too while routing catches up (README, "Guarantees").
        await().atMost(LONG).until(() -> received.stream().anyMatch(Mqtt.Received::retained));
        await().during(Duration.ofSeconds(1)).atMost(LONG).untilAsserted(() -> assertThat(received)
                .filteredOn(Mqtt.Received::retained)
                .containsExactly(new Mqtt.Received(topic, "21.5", true)));
        Mqtt.disconnect(publisher, subscriber);
    }

    @Test
    void emptyRetainedPayloadRemovesTheRetainedMessageForLaterSubscribers() throws Exception {
        String removed = "e2e/" + run + "/retained/removed";
        String kept = "e2e/" + run + "/retained/kept";
        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeA(), "pub");
        publishRetained(publisher, removed, "old");
        publishRetained(publisher, removed, "");
        publishRetained(publisher, kept, "still here");

        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "e2e/" + run + "/retained/#");

        // Only the retained copies count: a publish written just before the SUBSCRIBE may also reach the new
        // subscription live, while routing catches up (README, "Guarantees").
        await().atMost(LONG).until(() -> !received.isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(LONG).untilAsserted(() -> assertThat(received)
                .filteredOn(Mqtt.Received::retained)
                .containsExactly(new Mqtt.Received(kept, "still here", true)));
        assertThat(received).extracting(Mqtt.Received::topic).doesNotContain(removed);
        Mqtt.disconnect(publisher, subscriber);
    }

    @Test
    void qos2MessagesArriveExactlyOnceAcrossARoutingCrash() throws Exception {
        String topic = "e2e/" + run + "/exactly-once";
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "e2e/" + run + "/#", MqttQos.EXACTLY_ONCE);
        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeA(), "pub");
        Mqtt.awaitRouted(publisher, "e2e/" + run + "/probe", received);
        NumberedPublisher messages = new NumberedPublisher(publisher, topic, MqttQos.EXACTLY_ONCE, 20)
                .start(Integer.MAX_VALUE);

        await().atMost(LONG).until(() -> Mqtt.numbersOn(received, topic).size() >= 200);
        platform.routing().kill();
        int acknowledgedWhileDown = messages.acknowledgedCount() + 200;
        await().atMost(LONG).until(() -> messages.acknowledgedCount() >= acknowledgedWhileDown);
        platform.routing().start();
        platform.routing().awaitReady();
        int acknowledgedAfterRestart = messages.acknowledgedCount() + 200;
        await().atMost(LONG).until(() -> messages.acknowledgedCount() >= acknowledgedAfterRestart);
        messages.stop();
        messages.awaitDone(LONG);

        await().atMost(LONG).until(() -> Mqtt.numbersOn(received, topic).containsAll(messages.acknowledged()));
        assertThat(Mqtt.numbersOn(received, topic)).doesNotHaveDuplicates();
        Mqtt.disconnect(subscriber, publisher);
    }

    @Test
    void willOfAClientLostOnNodeAReachesASubscriberOnNodeB() throws Exception {
        String willTopic = "e2e/" + run + "/will";
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sub");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "e2e/" + run + "/#");
        Mqtt5AsyncClient prober = Mqtt.connect(platform.nodeA(), "probe");
        Mqtt.awaitRouted(prober, "e2e/" + run + "/probe", received);

        try (RawMqtt device = new RawMqtt(platform.nodeA().mqttPort())) {
            RawMqtt.Packet connack = device.connectWithWill("device-" + run, willTopic, "gone");
            assertThat(connack.type()).isEqualTo(RawMqtt.CONNACK);
            assertThat(connack.body()[1]).isZero();
        }

        await().atMost(LONG).until(() -> received.stream().anyMatch(message -> message.topic().equals(willTopic)));
        assertThat(received).filteredOn(message -> message.topic().equals(willTopic))
                .containsExactly(new Mqtt.Received(willTopic, "gone", false));
        Mqtt.disconnect(subscriber, prober);
    }

    @Test
    void sysStatisticsAreRetainedForSubscribersOnAnyNode() throws Exception {
        Mqtt5AsyncClient subscriber = Mqtt.connect(platform.nodeB(), "sys");
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, "$SYS/broker/clients/connected");

        await().atMost(LONG).until(() -> !received.isEmpty());
        assertThat(Integer.parseInt(received.getFirst().payload())).isPositive();
        Mqtt.disconnect(subscriber);
    }

    private static void publishRetained(Mqtt5AsyncClient client, String topic, String payload) throws Exception {
        var result = client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .send()
                .get(30, TimeUnit.SECONDS);
        assertThat(result.getError()).isEmpty();
    }
}
