package io.tsunagu.ingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.nio.charset.StandardCharsets;

/**
 * A well-behaved MQTT 5 client on the listener under test, kept connected while misbehaving peers come and go: "a
 * bad client costs one connection" (STYLE §1) holds when it still gets its messages acknowledged afterwards.
 */
public final class Bystander implements AutoCloseable {

    private final Mqtt5BlockingClient client;
    private final String topic;
    private int published;

    private Bystander(Mqtt5BlockingClient client, String topic) {
        this.client = client;
        this.topic = topic;
    }

    /** A bystander connected to the listener on {@code port}. */
    public static Bystander connect(int port) {
        Mqtt5BlockingClient client = MqttClients.hivemq5Blocking(port, MqttClients.uniqueId("bystander"));
        client.connect();
        return new Bystander(client, MqttClients.uniqueTopic("bystander"));
    }

    /** Asserts that the bystander is still connected and that a QoS 1 PUBLISH of it is acknowledged with success. */
    public void assertStillPublishes() {
        assertThat(client.getState().isConnected()).as("bystander still connected").isTrue();
        Mqtt5PublishResult result = client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(Integer.toString(++published).getBytes(StandardCharsets.UTF_8)).send();
        assertThat(result.getError()).as("bystander's PUBLISH acknowledged").isEmpty();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
