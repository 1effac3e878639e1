package io.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.tsunagu.infra.DevCertificates;
import io.tsunagu.infra.DevCertificates.ClientCertificate;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TLS and WebSocket listeners of the platform started as the launcher starts it: a device with a client
 * certificate publishes over MQTT/TLS to node A and a subscriber over WebSocket/TLS on node B receives it; a
 * plain-text client on the TLS port is refused and nobody else notices.
 */
class SecureListenersIT {

    /** MQTT 3.1.1 CONNECT: protocol name MQTT, level 4, Clean Session, keep-alive 60 s, client id "plain". */
    private static final byte[] PLAIN_CONNECT = {
        0x10, 0x11, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x05, 'p', 'l', 'a', 'i', 'n'};

    private static Platform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.shared();
    }

    @Test
    void deviceWithClientCertificateOverTlsReachesASubscriberOverSecureWebSocket() throws Exception {
        String topic = "secure/" + UUID.randomUUID();
        Mqtt5AsyncClient subscriber = connect(client(platform.nodeB().ports().wss(), null)
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig());
        List<Mqtt.Received> received = Mqtt.subscribe(subscriber, topic + "/#");
        Mqtt5AsyncClient device = connect(client(platform.nodeA().ports().mqttTls(), deviceCertificate()));
        try {
            Mqtt.awaitRouted(device, topic + "/probe", received);

            device.publishWith().topic(topic + "/temp").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("21.5".getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                    .anyMatch(message -> message.topic().equals(topic + "/temp") && message.payload().equals("21.5")));
        } finally {
            device.disconnect().get(10, TimeUnit.SECONDS);
            subscriber.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void plainTextClientOnTheTlsPortIsRefusedWithoutDisturbingOthers() throws Exception {
        Mqtt5AsyncClient bystander = connect(client(platform.nodeA().ports().mqttTls(), null));
        try (Socket plain = new Socket("127.0.0.1", platform.nodeA().ports().mqttTls())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write(PLAIN_CONNECT);

            byte[] answer = plain.getInputStream().readAllBytes();

            assertThat(answer).as("no CONNACK on a TLS port").doesNotContain((byte) 0x20);
            bystander.publishWith().topic("secure/bystander").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1}).send().get(10, TimeUnit.SECONDS);
        } finally {
            bystander.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void certificateOfAnUnknownCaIsRefused() {
        ClientCertificate stranger = DevCertificates.in(Path.of("target", "e2e-other-ca"))
                .client("stranger");
        Mqtt5AsyncClient client = client(platform.nodeA().ports().mqttTls(), stranger).buildAsync();

        assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    private static ClientCertificate deviceCertificate() {
        return platform.certificates().client("device-e2e");
    }

    private static Mqtt5ClientBuilder client(int port, ClientCertificate certificate) {
        DevCertificates ca = platform.certificates();
        var ssl = MqttClient.builder()
                .useMqttVersion5()
                .identifier("secure-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(port)
                .sslConfig().trustManagerFactory(ca.trustManagerFactory());
        if (certificate != null) {
            ssl = ssl.keyManagerFactory(DevCertificates.keyManagerFactory(certificate));
        }
        return ssl.applySslConfig();
    }

    private static Mqtt5AsyncClient connect(Mqtt5ClientBuilder builder) throws Exception {
        Mqtt5AsyncClient client = builder.buildAsync();
        client.connect().get(10, TimeUnit.SECONDS);
        return client;
    }
}
