package io.tsunagu.ingest.support;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/** Real MQTT clients pointed at the listener under test, with unique client ids. */
public final class MqttClients {

    private MqttClients() {
    }

    /** A unique client id (Kafka is shared with other modules' tests). */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A unique topic root. */
    public static String uniqueTopic(String prefix) {
        return "test/" + prefix + "/" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A HiveMQ MQTT 5 client builder (not connected). */
    public static Mqtt5ClientBuilder hivemq5(int port, String clientId) {
        return MqttClient.builder()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .useMqttVersion5();
    }

    /** A HiveMQ MQTT 5 blocking client (not connected). */
    public static Mqtt5BlockingClient hivemq5Blocking(int port, String clientId) {
        return hivemq5(port, clientId).buildBlocking();
    }

    /** A HiveMQ MQTT 3.1.1 client builder (not connected). */
    public static Mqtt3ClientBuilder hivemq3(int port, String clientId) {
        return MqttClient.builder()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .useMqttVersion3();
    }

    /** A HiveMQ MQTT 3.1.1 blocking client (not connected). */
    public static Mqtt3BlockingClient hivemq3Blocking(int port, String clientId) {
        return hivemq3(port, clientId).buildBlocking();
    }

    /** A Paho MQTT 3.1.1 client (not connected). */
    public static org.eclipse.paho.client.mqttv3.MqttClient paho3(int port, String clientId) throws MqttException {
        return new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + port, clientId,
                new MemoryPersistence());
    }

    /** Paho 3 options: the given protocol level, clean session, no automatic reconnect. */
    public static MqttConnectOptions paho3Options(int mqttVersion) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(mqttVersion);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        return options;
    }

    /** A Paho MQTT 5 client (not connected). */
    public static org.eclipse.paho.mqttv5.client.MqttClient paho5(int port, String clientId)
            throws org.eclipse.paho.mqttv5.common.MqttException {
        return new org.eclipse.paho.mqttv5.client.MqttClient("tcp://127.0.0.1:" + port, clientId,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    }

    /** Paho 5 options: clean start, no automatic reconnect. */
    public static MqttConnectionOptions paho5Options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        return options;
    }
}
