package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An MQTT 3.1.1 client (Paho) with Clean Session 0 keeps its subscription and the messages published while it was
 * away, and finds them on the other node, in order.
 */
class PahoSessionAcrossNodesIT {

    private static final Duration LONG = Duration.ofSeconds(120);
    private static final int QUEUED = 30;

    private static Platform platform;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.shared();
    }

    @Test
    void cleanSessionZeroResumesOnNodeBWithSubscriptionAndQueuedMessages() throws Exception {
        String clientId = "paho311-" + run;
        String topic = "e2e/" + run + "/paho311/t";
        List<Integer> received = new CopyOnWriteArrayList<>();
        MqttClient onA = client(platform.nodeA(), clientId);
        assertThat(onA.connectWithResult(persistent()).getSessionPresent()).isFalse();
        onA.subscribe("e2e/" + run + "/paho311/#", 1);
        onA.disconnect();
        onA.close();

        Mqtt5AsyncClient publisher = Mqtt.connect(platform.nodeA(), "pub311");
        NumberedPublisher whileAway = new NumberedPublisher(publisher, topic, 10).start(QUEUED);
        whileAway.awaitDone(LONG);
        MqttClient onB = client(platform.nodeB(), clientId);
        onB.setCallback(new Collector(received));
        assertThat(onB.connectWithResult(persistent()).getSessionPresent()).isTrue();

        try {
            await().atMost(LONG).until(() -> received.size() >= QUEUED);
            assertThat(received).containsExactlyElementsOf(whileAway.acknowledged().stream().sorted().toList());
        } finally {
            Mqtt.disconnect(publisher);
            onB.disconnect();
            onB.close();
            endSession(clientId);
        }
    }

    private static MqttClient client(Platform.IngestNode node, String clientId) throws MqttException {
        return new MqttClient("tcp://127.0.0.1:" + node.mqttPort(), clientId, new MemoryPersistence());
    }

    private static MqttConnectOptions persistent() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        return options;
    }

    /** Connects once with Clean Session 1, which discards the session [MQTT-3.1.2-6]. */
    private static void endSession(String clientId) throws MqttException {
        MqttClient cleaner = client(platform.nodeA(), clientId);
        MqttConnectOptions clean = persistent();
        clean.setCleanSession(true);
        cleaner.connect(clean);
        cleaner.disconnect();
        cleaner.close();
    }

    /** Collects the numbered payloads, in arrival order. */
    private record Collector(List<Integer> received) implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
            // The test's assertions report what did not arrive.
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(Integer.valueOf(new String(message.getPayload(), StandardCharsets.UTF_8)));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // This client does not publish.
        }
    }
}
