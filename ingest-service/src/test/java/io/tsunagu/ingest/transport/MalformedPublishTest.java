package io.tsunagu.ingest.transport;

import static io.tsunagu.ingest.support.CloseAssertions.assertClosedWithoutAnswer;
import static io.tsunagu.ingest.support.CloseAssertions.assertDisconnectedWith;
import static io.tsunagu.ingest.support.RawMqttClient.bytes;
import static io.tsunagu.ingest.support.RawMqttClient.packet;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.Bystander;
import io.tsunagu.ingest.support.MqttClients;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawMqttClient;
import jakarta.inject.Inject;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The malformed PUBLISH packets the spec names, byte for byte, after an accepted CONNECT: MQTT 5 answers with
 * DISCONNECT and the reason code, then closes (MQTT 5 §4.13.1); MQTT 3.1.1 closes without any answer (3.1.1 §4.8).
 * A bystander client on the same listener keeps publishing after every case.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedPublishTest {

    @Inject
    MqttListener listener;

    private Bystander bystander;

    @BeforeAll
    void connectBystander() {
        bystander = Bystander.connect(listener.actualPort());
    }

    @AfterEach
    void bystanderIsUnaffected() {
        bystander.assertStillPublishes();
    }

    @AfterAll
    void disconnectBystander() {
        bystander.close();
    }

    @Test
    void mqtt5Qos3IsMalformed() throws Exception {
        // [MQTT-3.3.1-4]: a PUBLISH must not have both QoS bits set.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x36, bytes(          // PUBLISH, QoS 3
                    0x00, 0x01, 'a',              // topic "a"
                    0x00, 0x01,                   // packet id 1
                    0x00,                         // property length 0
                    'x')));                       // payload

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt311Qos3IsClosed() throws Exception {
        // [MQTT-3.3.1-4]
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0x36, bytes(0x00, 0x01, 'a', 0x00, 0x01, 'x')));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5WildcardInTheTopicNameIsAnsweredWithTopicNameInvalid() throws Exception {
        // [MQTT-3.3.2-2]: the Topic Name must not contain wildcards.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x32, bytes(
                    0x00, 0x03, 'a', '/', '#',    // topic "a/#"
                    0x00, 0x01,
                    0x00,
                    'x')));

            assertDisconnectedWith(raw, 0x90);
        }
    }

    @Test
    void mqtt311WildcardInTheTopicNameIsClosed() throws Exception {
        // [MQTT-3.3.2-2]
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0x30, bytes(0x00, 0x03, 'a', '/', '+', 'x')));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5PacketIdentifierZeroWithQos1IsMalformed() throws Exception {
        // [MQTT-2.2.1-3]: a PUBLISH with QoS > 0 carries a non-zero Packet Identifier.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x32, bytes(
                    0x00, 0x01, 'a',
                    0x00, 0x00,                   // packet id 0
                    0x00,
                    'x')));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt311PacketIdentifierZeroWithQos2IsClosed() throws Exception {
        // 3.1.1 [MQTT-2.3.1-1]
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0x34, bytes(0x00, 0x01, 'a', 0x00, 0x00, 'x')));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5TopicAliasZeroIsAnsweredWithTopicAliasInvalid() throws Exception {
        // [MQTT-3.3.2-8]: a Topic Alias of 0 is not permitted.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x30, bytes(
                    0x00, 0x01, 'a',
                    0x03,                         // property length 3
                    0x23, 0x00, 0x00,             // Topic Alias 0
                    'x')));

            assertDisconnectedWith(raw, 0x94);
        }
    }

    @Test
    void mqtt5TopicAliasAboveOurMaximumIsAnsweredWithTopicAliasInvalid() throws Exception {
        // [MQTT-3.3.2-9]: at most the Topic Alias Maximum of our CONNACK (16).
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x30, bytes(0x00, 0x01, 'a', 0x03, 0x23, 0x00, 0x11, 'x')));

            assertDisconnectedWith(raw, 0x94);
        }
    }

    @Test
    void mqtt5TopicNameWithIllFormedUtf8IsMalformed() throws Exception {
        // [MQTT-1.5.4-1]
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x30, bytes(
                    0x00, 0x02, 'a', 0xFF,        // topic: 0xFF never occurs in UTF-8
                    0x00,
                    'x')));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt5TopicNameWithNullCharacterIsMalformed() throws Exception {
        // [MQTT-1.5.4-2] [MQTT-4.7.3-2]
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x30, bytes(0x00, 0x03, 'a', 0x00, 'b', 0x00, 'x')));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt311TopicNameWithNullCharacterIsClosed() throws Exception {
        // 3.1.1 [MQTT-1.5.3-2]
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0x30, bytes(0x00, 0x03, 'a', 0x00, 'b', 'x')));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5RepeatedPropertyIsAProtocolError() throws Exception {
        // MQTT 5 §2.2.2.2: a property other than User Property (and the server's Subscription Identifier) included
        // twice is a Protocol Error: DISCONNECT 0x82, nothing published.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x32, bytes(
                    0x00, 0x01, 'a',
                    0x00, 0x01,
                    0x0A,                         // property length 10
                    0x02, 0x00, 0x00, 0x00, 0x3C, // Message Expiry Interval 60
                    0x02, 0x00, 0x00, 0x00, 0x78, // Message Expiry Interval 120, again
                    'x')));

            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void mqtt5UnknownPropertyIdentifierIsMalformed() throws Exception {
        // MQTT 5 §2.2.2.2: an identifier that is not defined makes the packet malformed.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x30, bytes(0x00, 0x01, 'a', 0x02, 0x7F, 0x00, 'x')));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt5PropertyNotValidInPublishIsMalformed() throws Exception {
        // MQTT 5 §2.2.2.2: Session Expiry Interval (0x11) belongs to CONNECT and DISCONNECT, not PUBLISH.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x30, bytes(0x00, 0x01, 'a', 0x05, 0x11, 0x00, 0x00, 0x00, 0x0A, 'x')));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt5SubscriptionIdentifierFromTheClientIsAProtocolError() throws Exception {
        // [MQTT-3.3.4-6]: a PUBLISH from a client must not contain a Subscription Identifier.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x30, bytes(0x00, 0x01, 'a', 0x02, 0x0B, 0x01, 'x')));

            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void mqtt5PublishCutShortByTheClientIsClosed() throws Exception {
        // A Remaining Length beyond the bytes sent, then the client goes: nothing to answer, the server closes.
        try (RawMqttClient raw = connected5()) {
            raw.send(bytes(0x30, 0x40, 0x00, 0x01, 'a', 0x00));
            raw.shutdownOutput();

            assertClosedWithoutAnswer(raw);
        }
    }

    private RawMqttClient connected5() throws IOException {
        return RawMqttClient.connected5(listener.actualPort(), MqttClients.uniqueId("badpub5"));
    }

    private RawMqttClient connected311() throws IOException {
        return RawMqttClient.connected311(listener.actualPort(), MqttClients.uniqueId("badpub3"));
    }
}
