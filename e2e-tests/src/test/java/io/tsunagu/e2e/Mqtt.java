package io.tsunagu.e2e;

import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /** A message as a subscriber saw it, with its RETAIN flag. */
    record Received(String topic, String payload, boolean retained) {
    }

    /** Subscribes {@code client} to {@code filter} at QoS 1 and collects what arrives, in arrival order. */
    static List<Received> subscribe(Mqtt5AsyncClient client, String filter) throws Exception {
        return subscribe(client, filter, MqttQos.AT_LEAST_ONCE);
    }

    /** Subscribes {@code client} to {@code filter} at {@code qos} and collects what arrives, in arrival order. */
    static List<Received> subscribe(Mqtt5AsyncClient client, String filter, MqttQos qos) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        client.subscribeWith()
                .topicFilter(filter)
                .qos(qos)
                .callback(publish -> received.add(toReceived(publish)))
                .send()
                .get(10, TimeUnit.SECONDS);
        return received;
    }

    /** A received PUBLISH as the tests compare it. */
    static Received toReceived(Mqtt5Publish publish) {
        return new Received(publish.getTopic().toString(),
                new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8), publish.isRetain());
    }

    /**
     * Publishes QoS 0 probes to {@code probeTopic} until the subscriber collecting {@code received} sees one: a
     * subscription reaches routing over the session stream shortly after SUBACK, and only messages published after
     * that are routed to it.
     */
    static void awaitRouted(Mqtt5AsyncClient publisher, String probeTopic, List<Received> received) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            publisher.publishWith().topic(probeTopic).payload(new byte[] {'p'}).send();
            return received.stream().anyMatch(message -> message.topic().equals(probeTopic));
        });
    }

    /** The numbers received on {@code topic} (payloads of a NumberedPublisher), in arrival order. */
    static List<Integer> numbersOn(List<Received> received, String topic) {
        return received.stream()
                .filter(message -> message.topic().equals(topic))
                .map(message -> Integer.valueOf(message.payload()))
                .toList();
    }

    static void disconnect(Mqtt5AsyncClient... clients) {
        for (Mqtt5AsyncClient client : clients) {
            client.disconnect();
        }
    }
}
