package io.tsunagu.e2e;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Real MQTT 5 clients (HiveMQ MQTT client) connected to one ingest node. */
final class Mqtt {

    private Mqtt() {
    }

    /** A connected client with a fresh client id starting with {@code prefix}. */
    static Mqtt5AsyncClient connect(Platform.IngestNode node, String prefix) throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(prefix + "-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(node.mqttPort())
                .buildAsync();
        client.connect().get(10, TimeUnit.SECONDS);
        return client;
    }

    /** A message as a subscriber saw it. */
    record Received(String topic, String payload) {
    }

    /** Subscribes {@code client} to {@code filter} at QoS 1 and collects what arrives, in arrival order. */
    static List<Received> subscribe(Mqtt5AsyncClient client, String filter) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        client.subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> received.add(toReceived(publish)))
                .send()
                .get(10, TimeUnit.SECONDS);
        return received;
    }

    private static Received toReceived(Mqtt5Publish publish) {
        return new Received(publish.getTopic().toString(),
                new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }
}
