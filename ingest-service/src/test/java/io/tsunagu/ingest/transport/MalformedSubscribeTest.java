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
 * The malformed SUBSCRIBE and UNSUBSCRIBE packets the spec names, byte for byte, after an accepted CONNECT: MQTT 5
 * answers with DISCONNECT and the reason code, then closes (MQTT 5 §4.13.1); MQTT 3.1.1 closes without any answer
 * (3.1.1 §4.8). A bystander client on the same listener keeps publishing after every case.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedSubscribeTest {

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
    void mqtt5SubscribeWithReservedFixedHeaderBitsIsMalformed() throws Exception {
        // [MQTT-3.8.1-1]: bits 3-0 of the SUBSCRIBE fixed header are 0010.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x80, bytes(          // SUBSCRIBE with flags 0000
                    0x00, 0x01,                   // packet id 1
                    0x00,                         // property length 0
                    0x00, 0x01, 'a',              // filter "a"
                    0x01)));                      // options: QoS 1

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt311SubscribeWithReservedFixedHeaderBitsIsClosed() throws Exception {
        // [MQTT-3.8.1-1]
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0x83, bytes(0x00, 0x01, 0x00, 0x01, 'a', 0x01)));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5SubscribeWithoutFiltersIsAProtocolError() throws Exception {
        // [MQTT-3.8.3-2]: at least one filter; MQTT 5 §3.8.3: a SUBSCRIBE without payload is a Protocol Error.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x82, bytes(0x00, 0x01, 0x00)));

            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void mqtt311SubscribeWithoutFiltersIsClosed() throws Exception {
        // 3.1.1 [MQTT-3.8.3-3]
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0x82, bytes(0x00, 0x01)));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5ReservedSubscriptionOptionBitsAreMalformed() throws Exception {
        // [MQTT-3.8.3-5]: reserved bits 7 and 6 of the Subscription Options set make the packet malformed.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x82, bytes(
                    0x00, 0x01,                   // packet id 1
                    0x00,                         // property length 0
                    0x00, 0x01, 'a',              // filter "a"
                    0xC1)));                      // options: reserved bits 7 and 6, QoS 1

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt311ReservedBitsSixAndSevenOfTheRequestedQosAreClosed() throws Exception {
        // 3.1.1 [MQTT-3.8.3-4]: bits 7-2 of the requested QoS byte are reserved; the server closes.
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0x82, bytes(0x00, 0x01, 0x00, 0x01, 'a', 0xC1)));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt311ReservedBitsOfTheRequestedQosAreClosed() throws Exception {
        // 3.1.1 [MQTT-3.8.3-4]: bits 7-2 of the requested QoS byte are reserved (bit 2 is MQTT 5's No Local).
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0x82, bytes(0x00, 0x01, 0x00, 0x01, 'a', 0x05)));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5RetainHandling3IsAProtocolError() throws Exception {
        // MQTT 5 §3.8.3.1: it is a Protocol Error to send a Retain Handling value of 3.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x82, bytes(0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x31)));

            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void mqtt5MaximumQos3IsAProtocolError() throws Exception {
        // MQTT 5 §3.8.3.1: it is a Protocol Error if the Maximum QoS field has the value 3.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x82, bytes(0x00, 0x01, 0x00, 0x00, 0x01, 'a', 0x03)));

            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void mqtt311RequestedQos3IsClosed() throws Exception {
        // 3.1.1 [MQTT-3.8.3-4]: a requested QoS other than 0, 1 or 2 is malformed.
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0x82, bytes(0x00, 0x01, 0x00, 0x01, 'a', 0x03)));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5SubscribePacketIdentifierZeroIsMalformed() throws Exception {
        // [MQTT-2.2.1-3]: SUBSCRIBE carries a non-zero Packet Identifier.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x82, bytes(0x00, 0x00, 0x00, 0x00, 0x01, 'a', 0x01)));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt5FilterWithNullCharacterIsMalformed() throws Exception {
        // [MQTT-1.5.4-2]
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x82, bytes(0x00, 0x01, 0x00, 0x00, 0x03, 'a', 0x00, '#', 0x01)));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt5PropertyNotValidInSubscribeIsMalformed() throws Exception {
        // MQTT 5 §2.2.2.2: SUBSCRIBE carries only Subscription Identifier and User Property; Topic Alias is not one.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0x82, bytes(0x00, 0x01, 0x03, 0x23, 0x00, 0x01, 0x00, 0x01, 'a', 0x01)));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    @Test
    void mqtt5UnsubscribeWithoutFiltersIsAProtocolError() throws Exception {
        // [MQTT-3.10.3-2]: an UNSUBSCRIBE without payload is a Protocol Error.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0xA2, bytes(0x00, 0x01, 0x00)));

            assertDisconnectedWith(raw, 0x82);
        }
    }

    @Test
    void mqtt311UnsubscribeWithoutFiltersIsClosed() throws Exception {
        // 3.1.1 [MQTT-3.10.3-2]: at least one filter.
        try (RawMqttClient raw = connected311()) {
            raw.send(packet(0xA2, bytes(0x00, 0x01)));

            assertClosedWithoutAnswer(raw);
        }
    }

    @Test
    void mqtt5UnsubscribeWithReservedFixedHeaderBitsIsMalformed() throws Exception {
        // [MQTT-3.10.1-1]: bits 3-0 of the UNSUBSCRIBE fixed header are 0010.
        try (RawMqttClient raw = connected5()) {
            raw.send(packet(0xA0, bytes(0x00, 0x01, 0x00, 0x00, 0x01, 'a')));

            assertDisconnectedWith(raw, 0x81);
        }
    }

    private static int lastByte(RawMqttClient.Packet packet) {
        return packet.body()[packet.body().length - 1] & 0xFF;
    }

    private RawMqttClient connected5() throws IOException {
        return RawMqttClient.connected5(listener.actualPort(), MqttClients.uniqueId("badsub5"));
    }

    private RawMqttClient connected311() throws IOException {
        return RawMqttClient.connected311(listener.actualPort(), MqttClients.uniqueId("badsub3"));
    }
}
