package io.tsunagu.ingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.ingest.support.RawMqttClient.Packet;
import java.io.IOException;
import java.time.Duration;

/** How the server ends a connection after a bad packet, read on a {@link RawMqttClient}. */
public final class CloseAssertions {

    /** How long the server may take to close. */
    public static final Duration CLOSE = Duration.ofSeconds(10);

    private CloseAssertions() {
    }

    /** MQTT 5: one DISCONNECT with {@code reasonCode}, then the server closes the connection. */
    public static void assertDisconnectedWith(RawMqttClient raw, int reasonCode) throws IOException {
        assertThat(raw.readUntilClosed(CLOSE)).singleElement().satisfies(packet -> {
            assertThat(packet.type()).as("packet type").isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(packet.reasonCode()).as("DISCONNECT reason code").isEqualTo(reasonCode);
        });
    }

    /** One CONNACK with {@code code} (MQTT 5 reason code or 3.1.1 return code), then the server closes. */
    public static void assertRefusedWith(RawMqttClient raw, int code) throws IOException {
        assertThat(raw.readUntilClosed(CLOSE)).singleElement().satisfies(packet -> {
            assertThat(packet.type()).as("packet type").isEqualTo(RawMqttClient.CONNACK);
            assertThat(packet.reasonCode()).as("CONNACK code").isEqualTo(code);
        });
    }

    /** The server closes the connection without sending anything (the MQTT 3.1.1 answer to a bad packet). */
    public static void assertClosedWithoutAnswer(RawMqttClient raw) throws IOException {
        assertThat(raw.readUntilClosed(CLOSE)).extracting(Packet::type).isEmpty();
    }
}
