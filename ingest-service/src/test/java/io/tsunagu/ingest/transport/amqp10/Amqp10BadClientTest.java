package io.tsunagu.ingest.transport.amqp10;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawAmqpClient;
import io.tsunagu.ingest.transport.amqp.AmqpListener;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonSender;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Misbehaving AMQP 1.0 peers on raw sockets: a header that is neither AMQP 0-9-1 nor AMQP 1.0 still gets the
 * AMQP 0-9-1 header back, and a malformed AMQP 1.0 frame closes that connection with amqp:decode-error while an AMQP
 * 1.0 bystander keeps working ("a bad client costs one connection").
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class Amqp10BadClientTest {

    private static final byte[] AMQP_1_0 = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    private static final byte[] AMQP_1_0_SASL = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};

    @Inject
    AmqpListener listener;
    @Inject
    Vertx vertx;

    @Test
    void unknownAmqp10StyleHeaderGetsTheAmqp091Header() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(listener.actualPort())) {
            // "AMQP" 2 1 0 0: AMQP 1.0's TLS layer (§5.2.1), which this port does not serve.
            raw.sendBytes(new byte[] {'A', 'M', 'Q', 'P', 2, 1, 0, 0});

            assertThat(raw.readBytesUntilClosed()).isEqualTo(RawAmqpClient.AMQP_0_9_1);
        }
    }

    @Test
    void amqp10HeaderIsAnsweredWithTheAmqp10Header() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(listener.actualPort())) {
            raw.sendBytes(AMQP_1_0);
            raw.sendBytes(malformedFrame());

            assertThat(Arrays.copyOf(raw.readBytesUntilClosed(), AMQP_1_0.length)).isEqualTo(AMQP_1_0);
        }
    }

    @Test
    void amqp10SaslHeaderIsAnsweredWithTheSaslHeaderAndMechanisms() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(listener.actualPort())) {
            raw.sendBytes(AMQP_1_0_SASL);
            raw.sendBytes(malformedFrame());

            String answer = new String(raw.readBytesUntilClosed(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith(new String(AMQP_1_0_SASL, StandardCharsets.ISO_8859_1))
                    .contains("PLAIN").contains("ANONYMOUS");
        }
    }

    @Test
    void malformedFrameClosesOnlyThatConnectionWithDecodeError() throws Exception {
        try (Amqp10TestClient bystander = Amqp10TestClient.connect(vertx, listener.actualPort(),
                Amqp10TestClient.Login.ANONYMOUS); RawAmqpClient raw = RawAmqpClient.open(listener.actualPort())) {
            raw.sendBytes(AMQP_1_0);
            raw.sendBytes(malformedFrame());

            String answer = new String(raw.readBytesUntilClosed(), StandardCharsets.ISO_8859_1);
            assertThat(answer).contains("amqp:decode-error");
            ProtonSender sender = bystander.sender("/topic/bystander").awaitOpen();
            assertThat(sender.isOpen()).isTrue();
            assertThat(bystander.isDisconnected()).isFalse();
        }
    }

    /**
     * An AMQP frame (§2.3.1: size, doff 2, type 0, channel 0) whose body is a described type with an unknown
     * descriptor (small ulong 0x99) followed by 0xFF, which is no type constructor.
     */
    private static byte[] malformedFrame() {
        return new byte[] {0, 0, 0, 12, 2, 0, 0, 0, 0x00, 0x53, (byte) 0x99, (byte) 0xFF};
    }
}
