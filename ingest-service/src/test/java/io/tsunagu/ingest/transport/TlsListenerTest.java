package io.tsunagu.ingest.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tsunagu.infra.DevCertificates;
import io.tsunagu.infra.DevCertificates.ClientCertificate;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import io.tsunagu.ingest.support.TlsProfile;
import jakarta.inject.Inject;
import java.io.File;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * MQTT over TLS and WebSocket over TLS with a development CA: TLS 1.2 and 1.3, client certificates as identities,
 * and a plain-text client on the TLS port refused without disturbing anyone else.
 */
@QuarkusTest
@TestProfile(TlsProfile.class)
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class TlsListenerTest {

    @Inject
    MqttListener listener;

    private final DevCertificates ca = TlsProfile.certificates();

    @Test
    void mqttOverTlsAcceptsAClientTrustingTheCa() {
        Mqtt5BlockingClient client = tlsClient(ListenerKind.MQTT_TLS, null).buildBlocking();
        client.connect();
        try {
            assertThat(publish(client, "tls/public/a").getError()).isEmpty();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void webSocketOverTlsAcceptsAClientTrustingTheCa() {
        Mqtt5BlockingClient client = tlsClient(ListenerKind.WSS, null)
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .buildBlocking();
        client.connect();
        try {
            assertThat(publish(client, "tls/public/ws").getError()).isEmpty();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void tls12AndTls13AreBothNegotiated() throws Exception {
        assertThat(handshake("TLSv1.2")).isEqualTo("TLSv1.2");
        assertThat(handshake("TLSv1.3")).isEqualTo("TLSv1.3");
    }

    @Test
    void tls11IsRefusedWithAProtocolVersionAlert() throws Exception {
        // OpenSSL's own client: the JDK's cannot even offer TLS 1.1 with its default security settings.
        Process client = new ProcessBuilder("openssl", "s_client", "-connect",
                "127.0.0.1:" + listener.actualPort(ListenerKind.MQTT_TLS), "-tls1_1")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("alert protocol version");
    }

    @Test
    void clientCertificateCommonNameIsTheUserName() {
        Mqtt5BlockingClient client = tlsClient(ListenerKind.MQTT_TLS, ca.client("device-7")).buildBlocking();
        client.connect();
        try {
            assertThat(publish(client, "tls/device-7/temp").getError()).isEmpty();
            assertThat(refusal(client, "tls/device-8/temp"))
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void connectUserNameDoesNotOverrideTheCertificate() {
        Mqtt5BlockingClient client = tlsClient(ListenerKind.MQTT_TLS, ca.client("device-7"))
                .simpleAuth().username("device-9").password(bytes("secret")).applySimpleAuth()
                .buildBlocking();
        client.connect();
        try {
            assertThat(refusal(client, "tls/device-9/temp"))
                    .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        } finally {
            client.disconnect();
        }
    }

    @Test
    void withoutCertificateTheConnectUserNameCounts() {
        Mqtt5BlockingClient client = tlsClient(ListenerKind.MQTT_TLS, null)
                .simpleAuth().username("device-9").password(bytes("secret")).applySimpleAuth()
                .buildBlocking();
        client.connect();
        try {
            assertThat(publish(client, "tls/device-9/temp").getError()).isEmpty();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void certificateOfAnotherCaFailsTheHandshake() {
        ClientCertificate stranger = DevCertificates.in(Path.of("target", "tls-test-other-ca")).client("device-7");
        Mqtt5BlockingClient client = tlsClient(ListenerKind.MQTT_TLS, stranger).buildBlocking();

        assertThatThrownBy(client::connect).isNotNull();
        assertThat(client.getState().isConnected()).isFalse();
    }

    @Test
    void plainTextClientOnTheTlsPortIsClosedAndOthersCarryOn() throws Exception {
        Mqtt5BlockingClient bystander = tlsClient(ListenerKind.MQTT_TLS, null).buildBlocking();
        bystander.connect();
        try (Socket plain = new Socket("127.0.0.1", listener.actualPort(ListenerKind.MQTT_TLS))) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write(RawMqttClient.connect311(MqttClients.uniqueId("plain"), 60));

            assertThat(readUntilClosed(plain.getInputStream())).as("no CONNACK, only a TLS alert at most")
                    .doesNotContain("\u0020\u0002");
            assertThat(publish(bystander, "tls/public/bystander").getError()).isEmpty();
        } finally {
            bystander.disconnect();
        }
    }

    private Mqtt5ClientBuilder tlsClient(ListenerKind kind, ClientCertificate certificate) {
        Mqtt5ClientBuilder builder = MqttClients.hivemq5(listener.actualPort(kind), MqttClients.uniqueId("tls"));
        var ssl = builder.sslConfig().trustManagerFactory(ca.trustManagerFactory());
        if (certificate != null) {
            ssl = ssl.keyManagerFactory(DevCertificates.keyManagerFactory(certificate));
        }
        return ssl.applySslConfig();
    }

    private String handshake(String protocol) throws Exception {
        try (SSLSocket socket = (SSLSocket) ca.sslContext(null).getSocketFactory()
                .createSocket("127.0.0.1", listener.actualPort(ListenerKind.MQTT_TLS))) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static Mqtt5PublishResult publish(Mqtt5BlockingClient client, String topic) {
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes("1")).send();
    }

    /** The reason code of the PUBACK of a refused QoS 1 PUBLISH (the blocking client throws it). */
    private static Mqtt5PubAckReasonCode refusal(Mqtt5BlockingClient client, String topic) {
        try {
            publish(client, topic);
        } catch (Mqtt5PubAckException refused) {
            return refused.getMqttMessage().getReasonCode();
        }
        throw new AssertionError("PUBLISH to " + topic + " was acknowledged with success");
    }

    /** Reads until the server closes the connection (a read timeout fails the test). */
    private static String readUntilClosed(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
