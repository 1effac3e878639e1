package io.tsunagu.ingest.transport;

import static io.tsunagu.ingest.support.CloseAssertions.assertClosedWithoutAnswer;
import static io.tsunagu.ingest.support.CloseAssertions.assertDisconnectedWith;
import static io.tsunagu.ingest.support.CloseAssertions.assertRefusedWith;
import static io.tsunagu.ingest.support.RawMqttClient.bytes;
import static io.tsunagu.ingest.support.RawMqttClient.packet;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.Bystander;
import io.tsunagu.ingest.support.CloseAssertions;
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
 * The malformed CONNECT packets the spec names, byte for byte, each with its answer: MQTT 5 CONNACK with a reason
 * code where the server may send one (MQTT 5 §4.13.1), else the close; MQTT 3.1.1 the close without any answer
 * (3.1.1 §4.8). A bystander client on the same listener keeps publishing after every case.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedConnectTest {

    /** CONNECT, MQTT 5, Clean Start 1, keep-alive 60, no properties, client id "m" (Remaining Length 14). */
    private static final byte[] VALID_CONNECT_5 = packet(0x10, bytes(
            0x00, 0x04, 'M', 'Q', 'T', 'T',   // protocol name
            0x05,                             // protocol level 5
            0x02,                             // connect flags: Clean Start
            0x00, 0x3C,                       // keep-alive 60 s
            0x00,                             // property length 0
            0x00, 0x01, 'm'));                // client id "m"

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
    void wrongProtocolNameIsRefusedWithUnacceptableProtocolVersion() throws Exception {
        // [MQTT-3.1.2-1]: the server MAY disconnect; Netty's decoder refuses the name and vertx-mqtt answers with the
        // 3.1.1 CONNACK 0x01 before closing.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'X',   // protocol name "MQTX"
                0x04,                             // level 4
                0x02,                             // Clean Session
                0x00, 0x3C,                       // keep-alive
                0x00, 0x01, 'm')),                // client id
                raw -> assertRefusedWith(raw, 0x01));
    }

    @Test
    void unsupportedProtocolLevelIsRefusedWithUnacceptableProtocolVersion() throws Exception {
        // [MQTT-3.1.2-2] (3.1.1): CONNACK 0x01, then close. A level we do not know has no known CONNACK format, so it
        // gets the 3.1.1 one; MQTT 5's 0x84 is a MAY for a level other than 5.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x06,                             // level 6
                0x02,
                0x00, 0x3C,
                0x00, 0x01, 'm')),
                raw -> assertRefusedWith(raw, 0x01));
    }

    @Test
    void protocolNameOfAnotherLevelIsRefusedWithUnacceptableProtocolVersion() throws Exception {
        // [MQTT-3.1.2-2]: level 3 belongs to the name "MQIsdp"; "MQTT" with level 3 is not a protocol we serve.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x03,                             // level 3
                0x02,
                0x00, 0x3C,
                0x00, 0x01, 'm')),
                raw -> assertRefusedWith(raw, 0x01));
    }

    @Test
    void mqtt311ReservedConnectFlagIsClosed() throws Exception {
        // [MQTT-3.1.2-3]: the reserved flag must be 0, else the server disconnects.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x04,
                0x03,                             // flags: Clean Session + reserved bit 0
                0x00, 0x3C,
                0x00, 0x01, 'm')),
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt5ReservedConnectFlagIsClosed() throws Exception {
        // [MQTT-3.1.2-3] and MQTT 5 §4.13.1: malformed; CONNACK 0x81 is a MAY, the close is a MUST.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x03,                             // flags: Clean Start + reserved bit 0
                0x00, 0x3C,
                0x00,
                0x00, 0x01, 'm')),
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt5WillQosWithoutWillFlagIsRefusedWithMalformedPacket() throws Exception {
        // [MQTT-3.1.2-11]: with the Will Flag 0 the Will QoS must be 0.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x0A,                             // flags: Clean Start, Will QoS 1, no Will Flag
                0x00, 0x3C,
                0x00,
                0x00, 0x01, 'm')),
                raw -> assertRefusedWith(raw, 0x81));
    }

    @Test
    void mqtt5WillRetainWithoutWillFlagIsRefusedWithMalformedPacket() throws Exception {
        // [MQTT-3.1.2-13]: with the Will Flag 0 Will Retain must be 0.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x22,                             // flags: Clean Start, Will Retain, no Will Flag
                0x00, 0x3C,
                0x00,
                0x00, 0x01, 'm')),
                raw -> assertRefusedWith(raw, 0x81));
    }

    @Test
    void mqtt311WillQosWithoutWillFlagIsClosed() throws Exception {
        // 3.1.1 [MQTT-3.1.2-13]: with the Will Flag 0 the Will QoS must be 0.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x04,
                0x12,                             // flags: Clean Session, Will QoS 2, no Will Flag
                0x00, 0x3C,
                0x00, 0x01, 'm')),
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt311WillRetainWithoutWillFlagIsClosed() throws Exception {
        // 3.1.1 [MQTT-3.1.2-15]: with the Will Flag 0 the Will Retain flag must be 0.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x04,
                0x22,                             // flags: Clean Session, Will Retain, no Will Flag
                0x00, 0x3C,
                0x00, 0x01, 'm')),
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt5WillQos3IsRefusedWithMalformedPacket() throws Exception {
        // [MQTT-3.1.2-12]: Will QoS 3 is malformed.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x1E,                             // flags: Clean Start, Will Flag, Will QoS 3
                0x00, 0x3C,
                0x00,
                0x00, 0x01, 'm',
                0x00,                             // will properties length 0
                0x00, 0x01, 'w',                  // will topic "w"
                0x00, 0x01, 'x')),                // will payload "x"
                raw -> assertRefusedWith(raw, 0x81));
    }

    @Test
    void mqtt311WillQos3IsClosed() throws Exception {
        // 3.1.1 [MQTT-3.1.2-14]: Will QoS 3 must not be used.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x04,
                0x1E,                             // flags: Clean Session, Will Flag, Will QoS 3
                0x00, 0x3C,
                0x00, 0x01, 'm',
                0x00, 0x01, 'w',
                0x00, 0x01, 'x')),
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt311PasswordWithoutUserNameIsClosed() throws Exception {
        // 3.1.1 [MQTT-3.1.2-22]: with the User Name Flag 0 the Password Flag must be 0; 3.1.1 has no code for it.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x04,
                0x42,                             // flags: Clean Session, Password, no User Name
                0x00, 0x3C,
                0x00, 0x02, 'm', '3',
                0x00, 0x02, 'p', 'w')),           // password "pw"
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt5PasswordWithoutUserNameIsAccepted() throws Exception {
        // MQTT 5 §3.1.2.9 allows a password without a user name (3.1.1 did not).
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(packet(0x10, bytes(
                    0x00, 0x04, 'M', 'Q', 'T', 'T',
                    0x05,
                    0x42,                         // flags: Clean Start, Password, no User Name
                    0x00, 0x3C,
                    0x00,
                    0x00, 0x02, 'm', '5',
                    0x00, 0x02, 'p', 'w')));

            assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        }
    }

    @Test
    void mqtt5SecondConnectIsAProtocolError() throws Exception {
        // [MQTT-3.1.0-2]: a second CONNECT is a Protocol Error; MQTT 5 §4.13.1: DISCONNECT 0x82, then close.
        try (RawMqttClient raw = RawMqttClient.connected5(listener.actualPort(), MqttClients.uniqueId("twice5"))) {
            raw.send(VALID_CONNECT_5);

            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void mqtt311SecondConnectIsClosed() throws Exception {
        // [MQTT-3.1.0-2]: the server must treat a second CONNECT as a protocol violation and disconnect.
        try (RawMqttClient raw = RawMqttClient.connected311(listener.actualPort(), MqttClients.uniqueId("twice3"))) {
            raw.send(RawMqttClient.connect311(MqttClients.uniqueId("twice3"), 60));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void publishBeforeConnectIsClosed() throws Exception {
        // [MQTT-3.1.0-1]: the first packet from the client must be CONNECT.
        assertAnswer(RawMqttClient.publish311("a/b", 0, 0, bytes(1)), CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void pingreqBeforeConnectIsClosed() throws Exception {
        // [MQTT-3.1.0-1]
        assertAnswer(RawMqttClient.pingreq(), CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void remainingLengthOfFiveBytesIsClosed() throws Exception {
        // MQTT 5 §1.5.5 (3.1.1 §2.2.3): a Variable Byte Integer has at most four bytes.
        assertAnswer(bytes(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F), CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void connectCutShortByTheClientIsClosed() throws Exception {
        // A Remaining Length beyond the bytes sent, then the client goes: the server closes too and answers nothing.
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(bytes(0x10, 0x20, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05));
            raw.shutdownOutput();

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5ClientIdWithIllFormedUtf8IsClosed() throws Exception {
        // [MQTT-1.5.4-1]: ill-formed UTF-8 makes the packet malformed; CONNACK 0x81 is a MAY, the close a MUST.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x02,
                0x00, 0x3C,
                0x00,
                0x00, 0x02, 0xC3, 0x28)),         // client id: a lead byte without its continuation
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt311ClientIdWithAnEncodedSurrogateIsClosed() throws Exception {
        // [MQTT-1.5.3-1] (3.1.1): the code points U+D800 to U+DFFF must not be encoded.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x04,
                0x02,
                0x00, 0x3C,
                0x00, 0x03, 0xED, 0xA0, 0x80)),   // client id: U+D800 encoded
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt5ClientIdWithNullCharacterIsClosed() throws Exception {
        // [MQTT-1.5.4-2]: U+0000 in a UTF-8 string makes the packet malformed.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x02,
                0x00, 0x3C,
                0x00,
                0x00, 0x02, 'm', 0x00)),          // client id "m\0"
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt311WillTopicWithNullCharacterIsClosed() throws Exception {
        // [MQTT-1.5.3-2] (3.1.1): U+0000 must not be in a UTF-8 string.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x04,
                0x06,                             // flags: Clean Session, Will Flag, Will QoS 0
                0x00, 0x3C,
                0x00, 0x01, 'm',
                0x00, 0x03, 'w', 0x00, 'w',       // will topic "w\0w"
                0x00, 0x01, 'x')),
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt5RepeatedPropertyIsRefusedWithProtocolError() throws Exception {
        // MQTT 5 §2.2.2.2: a property other than User Property included twice is a Protocol Error (CONNACK 0x82).
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x02,
                0x00, 0x3C,
                0x06,                             // property length 6
                0x21, 0x00, 0x0A,                 // Receive Maximum 10
                0x21, 0x00, 0x14,                 // Receive Maximum 20, again
                0x00, 0x02, 'm', 'd')),
                raw -> CloseAssertions.assertRefusedWith(raw, 0x82));
    }

    @Test
    void mqtt5RepeatedWillPropertyIsRefusedWithProtocolError() throws Exception {
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x06,                             // flags: Clean Start, Will
                0x00, 0x3C,
                0x00,                             // no CONNECT properties
                0x00, 0x02, 'm', 'w',
                0x0A,                             // will property length 10
                0x18, 0x00, 0x00, 0x00, 0x05,     // Will Delay Interval 5
                0x18, 0x00, 0x00, 0x00, 0x06,     // Will Delay Interval 6, again
                0x00, 0x01, 'w',                  // will topic "w"
                0x00, 0x01, 'x')),                // will payload "x"
                raw -> CloseAssertions.assertRefusedWith(raw, 0x82));
    }

    @Test
    void mqtt5RepeatedUserPropertyIsAccepted() throws Exception {
        // MQTT 5 §3.1.2.11.8: the User Property may appear more than once.
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(packet(0x10, bytes(
                    0x00, 0x04, 'M', 'Q', 'T', 'T',
                    0x05,
                    0x02,
                    0x00, 0x3C,
                    0x0E,                         // property length 14
                    0x26, 0x00, 0x01, 'a', 0x00, 0x01, '1',
                    0x26, 0x00, 0x01, 'a', 0x00, 0x01, '2',
                    0x00, 0x02, 'm', 'u')));

            assertThat(raw.expect(RawMqttClient.CONNACK).reasonCode()).isZero();
        }
    }

    @Test
    void mqtt5UnknownPropertyIdentifierIsClosed() throws Exception {
        // MQTT 5 §2.2.2.2: an identifier not valid for the packet makes it malformed; CONNACK 0x81 is a MAY.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x02,
                0x00, 0x3C,
                0x02,                             // property length 2
                0x7F, 0x00,                       // property 0x7F: not defined
                0x00, 0x01, 'm')),
                CloseAssertions::assertClosedWithoutAnswer);
    }

    @Test
    void mqtt5PropertyNotValidInConnectIsRefusedWithMalformedPacket() throws Exception {
        // MQTT 5 §2.2.2.2: Topic Alias (0x23) is a PUBLISH property, not valid in CONNECT: malformed.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x02,
                0x00, 0x3C,
                0x03,
                0x23, 0x00, 0x01,                 // Topic Alias 1
                0x00, 0x01, 'm')),
                raw -> assertRefusedWith(raw, 0x81));
    }

    @Test
    void mqtt5WillPropertyNotValidInAWillIsRefusedWithMalformedPacket() throws Exception {
        // MQTT 5 §2.2.2.2: Session Expiry Interval (0x11) is not a Will Property.
        assertAnswer(packet(0x10, bytes(
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,
                0x06,                             // flags: Clean Start, Will Flag, Will QoS 0
                0x00, 0x3C,
                0x00,
                0x00, 0x01, 'm',
                0x05,                             // will property length 5
                0x11, 0x00, 0x00, 0x00, 0x0A,     // Session Expiry Interval 10
                0x00, 0x01, 'w',
                0x00, 0x01, 'x')),
                raw -> assertRefusedWith(raw, 0x81));
    }

    /** Sends {@code connect} on a new connection and checks the server's answer. */
    private void assertAnswer(byte[] connect, Answer answer) throws IOException {
        try (RawMqttClient raw = RawMqttClient.open(listener.actualPort())) {
            raw.send(connect);

            answer.check(raw);
        }
    }

    /** What the server must have answered. */
    @FunctionalInterface
    private interface Answer {
        void check(RawMqttClient raw) throws IOException;
    }
}
