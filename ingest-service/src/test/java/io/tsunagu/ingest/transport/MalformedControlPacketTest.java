package io.tsunagu.ingest.transport;

import static io.tsunagu.ingest.support.CloseAssertions.assertClosedWithoutAnswer;
import static io.tsunagu.ingest.support.CloseAssertions.assertDisconnectedWith;
import static io.tsunagu.ingest.support.RawMqttClient.bytes;

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
 * Malformed fixed headers, packet types and the other control packets, byte for byte, after an accepted CONNECT:
 * MQTT 5 answers with DISCONNECT and the reason code, then closes (MQTT 5 §4.13.1); MQTT 3.1.1 closes without any
 * answer (3.1.1 §4.8). A bystander client on the same listener keeps publishing after every case.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedControlPacketTest {

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
    void mqtt5PubrelWithWrongFixedHeaderFlagsIsMalformed() throws Exception {
        // [MQTT-3.6.1-1]: bits 3-0 of the PUBREL fixed header are 0010.
        try (RawMqttClient raw = connected5()) {
            raw.send(bytes(0x60, 0x02, 0x00, 0x01));   // PUBREL with flags 0000, packet id 1

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt311PubrelWithWrongFixedHeaderFlagsIsClosed() throws Exception {
        // [MQTT-3.6.1-1]
        try (RawMqttClient raw = connected311()) {
            raw.send(bytes(0x60, 0x02, 0x00, 0x01));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5DisconnectWithReservedFlagsIsMalformed() throws Exception {
        // MQTT 5 §3.14.1 (3.1.1 [MQTT-3.14.1-1]): the DISCONNECT fixed-header flags are reserved, 0000.
        try (RawMqttClient raw = connected5()) {
            raw.send(bytes(0xE1, 0x00));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt311DisconnectWithReservedFlagsIsClosed() throws Exception {
        // [MQTT-3.14.1-1]: the server must validate that the reserved bits are 0 and disconnect if not.
        try (RawMqttClient raw = connected311()) {
            raw.send(bytes(0xE2, 0x00));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5PingreqWithReservedFlagsIsMalformed() throws Exception {
        // [MQTT-2.1.3-1]: reserved flag bits must be set to the listed value.
        try (RawMqttClient raw = connected5()) {
            raw.send(bytes(0xC8, 0x00));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt5PacketType0IsMalformed() throws Exception {
        // MQTT 5 §2.1.2: packet type 0 is reserved and forbidden.
        try (RawMqttClient raw = connected5()) {
            raw.send(bytes(0x00, 0x00));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt311PacketType0IsClosed() throws Exception {
        // 3.1.1 §2.2.1: packet type 0 is reserved.
        try (RawMqttClient raw = connected311()) {
            raw.send(bytes(0x00, 0x00));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5AuthWithoutAnAuthenticationMethodIsAProtocolError() throws Exception {
        // Packet type 15 is AUTH (MQTT 5 §3.15). Our policy: a CONNECT with an Authentication Method gets 0x8C, so
        // no connection ever negotiated one, and an AUTH from a client that sent none is a Protocol Error (§4.12).
        try (RawMqttClient raw = connected5()) {
            raw.send(bytes(0xF0, 0x02, 0x18, 0x00));   // AUTH, Continue authentication, no properties

            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void mqtt311PacketType15IsClosed() throws Exception {
        // 3.1.1 §2.2.1: packet type 15 is reserved.
        try (RawMqttClient raw = connected311()) {
            raw.send(bytes(0xF0, 0x00));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5ServerOnlyPacketFromTheClientIsAProtocolError() throws Exception {
        // MQTT 5 §2.1.2: CONNACK goes from server to client only.
        try (RawMqttClient raw = connected5()) {
            raw.send(bytes(0x20, 0x03, 0x00, 0x00, 0x00));

            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void mqtt5RemainingLengthOfFiveBytesIsMalformed() throws Exception {
        // MQTT 5 §1.5.5: a Variable Byte Integer has at most four bytes.
        try (RawMqttClient raw = connected5()) {
            raw.send(bytes(0x30, 0x80, 0x80, 0x80, 0x80, 0x01));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt311RemainingLengthOfFiveBytesIsClosed() throws Exception {
        // 3.1.1 §2.2.3: the Remaining Length has at most four bytes.
        try (RawMqttClient raw = connected311()) {
            raw.send(bytes(0x30, 0x80, 0x80, 0x80, 0x80, 0x01));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5PacketAboveTheMaximumPacketSizeIsAnsweredWithPacketTooLarge() throws Exception {
        // MQTT 5 §3.2.2.3.6: a packet above the Maximum Packet Size of our CONNACK (1 MiB here): DISCONNECT 0x95.
        try (RawMqttClient raw = connected5()) {
            raw.send(RawMqttClient.header(0x30, 2 * 1024 * 1024));

            assertDisconnectedWith(raw, 0x95);
        }
    }

    @Test
    void mqtt311PacketAboveTheMaximumPacketSizeIsClosed() throws Exception {
        // 3.1.1 has no Maximum Packet Size to announce; a packet beyond our limit closes the connection.
        try (RawMqttClient raw = connected311()) {
            raw.send(RawMqttClient.header(0x30, 2 * 1024 * 1024));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5DisconnectWithAPropertyNotValidInItIsMalformed() throws Exception {
        // MQTT 5 §2.2.2.2: Topic Alias (0x23) is not a DISCONNECT property.
        try (RawMqttClient raw = connected5()) {
            raw.send(bytes(0xE0, 0x05, 0x00, 0x03, 0x23, 0x00, 0x01));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    private RawMqttClient connected5() throws IOException {
        return RawMqttClient.connected5(listener.actualPort(), MqttClients.uniqueId("badctl5"));
    }

    private RawMqttClient connected311() throws IOException {
        return RawMqttClient.connected311(listener.actualPort(), MqttClients.uniqueId("badctl3"));
    }
}
