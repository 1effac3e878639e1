package io.tsunagu.ingest.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.codec.amqp.ChannelMethod;
import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.codec.amqp.FrameType;
import io.tsunagu.ingest.support.Bystander;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawAmqpClient;
import io.tsunagu.ingest.support.RawAmqpClient.Received;
import io.tsunagu.ingest.transport.MqttListener;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Misbehaving AMQP 0-9-1 peers on raw sockets: each gets the spec's answer and costs only its own connection, while an
 * MQTT bystander keeps publishing.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class AmqpRawClientTest {

    @Inject
    AmqpListener amqp;
    @Inject
    MqttListener mqtt;

    private Bystander bystander;

    @BeforeEach
    void connectBystander() {
        bystander = Bystander.connect(mqtt.actualPort());
    }

    @AfterEach
    void bystanderIsUnaffected() {
        bystander.assertStillPublishes();
        bystander.close();
    }

    @Test
    void wrongProtocolHeaderGetsOurHeaderBackAndTheSocketClosed() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.sendBytes(RawAmqpClient.ascii("GET / HTTP/1.1\r\n\r\n"));

            assertThat(raw.readBytesUntilClosed()).containsExactly(RawAmqpClient.AMQP_0_9_1);
        }
    }

    @Test
    void olderAmqpVersionGetsOurHeaderBack() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.sendBytes(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 8});

            assertThat(raw.readBytesUntilClosed()).containsExactly(RawAmqpClient.AMQP_0_9_1);
        }
    }

    @Test
    void connectionStartOffersPlainAndAmqplain() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            ConnectionMethod.Start start = raw.start();

            assertThat(start.versionMajor()).isZero();
            assertThat(start.versionMinor()).isEqualTo(9);
            assertThat(start.mechanisms().toString()).isEqualTo("PLAIN AMQPLAIN");
            assertThat(start.locales().toString()).isEqualTo("en_US");
            assertThat(start.serverProperties().get("product")).isEqualTo(LongString.of("Tsunagu"));
        }
    }

    @Test
    void amqplainLoginOpensTheConnection() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            // AMQPLAIN: a field table without its size: LOGIN S "guest", PASSWORD S "guest".
            ByteBuf table = Unpooled.buffer();
            writeLongStringField(table, "LOGIN", "guest");
            writeLongStringField(table, "PASSWORD", "guest");
            ConnectionMethod.Tune tune = raw.login("AMQPLAIN", new LongString(ByteBufUtil.getBytes(table)));
            table.release();
            raw.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), 0));

            raw.openVirtualHost("/");
            raw.send(1, new ChannelMethod.Open());

            assertThat(raw.expect(ChannelMethod.OpenOk.class)).isNotNull();
        }
    }

    @Test
    void unknownMechanismClosesTheSocketWithoutAnswer() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.start();
            raw.send(0, new ConnectionMethod.StartOk(java.util.Map.of(), "EXTERNAL", new LongString(new byte[0]),
                    "en_US"));

            // §2.2.4: an error before connection.open closes the socket without sending anything (RabbitMQ: 503
            // command_invalid "unknown authentication mechanism", also a silent close).
            assertThat(raw.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void plainResponseWithoutSeparatorsClosesTheSocketWithoutAnswer() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.start();
            raw.send(0, new ConnectionMethod.StartOk(java.util.Map.of(), "PLAIN", LongString.of("guest"), "en_US"));

            assertThat(raw.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void frameMaxAboveOursInTuneOkIsRefusedWith530() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            ConnectionMethod.Tune tune = raw.login("PLAIN", RawAmqpClient.plain("guest", "guest"));

            raw.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax() + 1, 0));

            raw.expectConnectionClose(530);
        }
    }

    @Test
    void frameMaxBelowTheSpecsMinimumInTuneOkIsRefusedWith530() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            ConnectionMethod.Tune tune = raw.login("PLAIN", RawAmqpClient.plain("guest", "guest"));

            raw.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), 4095, 0));

            raw.expectConnectionClose(530);
        }
    }

    @Test
    void badFrameEndGetsConnectionClose501() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.handshake(0);

            // channel.open on channel 1 (class 20, method 10, empty shortstr) with frame-end 0x00 instead of 0xCE.
            raw.sendBytes(new byte[] {1, 0, 1, 0, 0, 0, 5, 0, 20, 0, 10, 0, 0});

            raw.expectConnectionClose(501);
        }
    }

    @Test
    void frameAboveTheNegotiatedFrameMaxGets501() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            ConnectionMethod.Tune tune = raw.login("PLAIN", RawAmqpClient.plain("guest", "guest"));
            raw.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), 4096, 0));
            raw.openVirtualHost("/");

            // A method frame header announcing 4089 payload bytes: 4097 with header and frame-end, one above 4096.
            raw.sendBytes(new byte[] {1, 0, 1, 0, 0, 0x0F, (byte) 0xF9});

            raw.expectConnectionClose(501);
        }
    }

    @Test
    void unknownClassAndMethodGets540() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.handshake(0);

            // Method frame on channel 0: class 999, method 1, no arguments.
            raw.sendBytes(new byte[] {1, 0, 0, 0, 0, 0, 4, 0x03, (byte) 0xE7, 0, 1, (byte) 0xCE});

            ConnectionMethod.Close close = raw.expectConnectionClose(540);
            assertThat(close.failingClassId()).isEqualTo(999);
            assertThat(close.failingMethodId()).isEqualTo(1);
        }
    }

    @Test
    void channelOpenOnChannel0Gets504() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.handshake(0);

            raw.send(0, new ChannelMethod.Open());

            ConnectionMethod.Close close = raw.expectConnectionClose(504);
            assertThat(close.failingClassId()).isEqualTo(20);
            assertThat(close.failingMethodId()).isEqualTo(10);
        }
    }

    @Test
    void reopeningAnOpenChannelGets504() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.handshake(0);
            raw.send(1, new ChannelMethod.Open());
            raw.expect(ChannelMethod.OpenOk.class);

            raw.send(1, new ChannelMethod.Open());

            raw.expectConnectionClose(504);
        }
    }

    @Test
    void methodOnAChannelThatIsNotOpenGets504() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.handshake(0);

            raw.send(5, new ChannelMethod.Flow(true));

            raw.expectConnectionClose(504);
        }
    }

    @Test
    void channelAboveTheNegotiatedChannelMaxGets530() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            ConnectionMethod.Tune tune = raw.login("PLAIN", RawAmqpClient.plain("guest", "guest"));
            raw.send(0, new ConnectionMethod.TuneOk(10, tune.frameMax(), 0));
            raw.openVirtualHost("/");

            raw.send(11, new ChannelMethod.Open());

            raw.expectConnectionClose(530);
        }
    }

    @Test
    void contentHeaderWithoutAContentMethodGets505() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.handshake(0);
            raw.send(1, new ChannelMethod.Open());
            raw.expect(ChannelMethod.OpenOk.class);

            // Content header frame on channel 1: class 60, weight 0, body size 0, no property flags.
            raw.sendBytes(new byte[] {2, 0, 1, 0, 0, 0, 14, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xCE});

            raw.expectConnectionClose(505);
        }
    }

    @Test
    void channelFlowIsEchoedAndChannelCloseAnswered() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.handshake(0);
            raw.send(1, new ChannelMethod.Open());
            raw.expect(ChannelMethod.OpenOk.class);

            raw.send(1, new ChannelMethod.Flow(false));
            assertThat(raw.expect(ChannelMethod.FlowOk.class).active()).isFalse();
            raw.send(1, new ChannelMethod.Close(200, "bye", 0, 0));
            raw.expect(ChannelMethod.CloseOk.class);

            // Closed: the channel number can be opened again.
            raw.send(1, new ChannelMethod.Open());
            assertThat(raw.expect(ChannelMethod.OpenOk.class)).isNotNull();
        }
    }

    @Test
    void connectionCloseIsAnsweredWithCloseOkAndTheSocketCloses() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.handshake(0);

            raw.send(0, new ConnectionMethod.Close(200, "bye", 0, 0));

            assertThat(raw.expect(ConnectionMethod.CloseOk.class)).isNotNull();
            assertThat(raw.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void clientSilentForTwoHeartbeatIntervalsIsClosed() throws IOException {
        try (RawAmqpClient raw = RawAmqpClient.open(amqp.actualPort())) {
            raw.handshake(1);
            long start = System.nanoTime();

            List<Received> frames = raw.readUntilClosed();

            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            // We sent heartbeats while the client was silent, then closed it without a close handshake.
            assertThat(frames).isNotEmpty().allSatisfy(frame -> assertThat(frame.type()).isEqualTo(FrameType.HEARTBEAT));
            assertThat(elapsedMillis).isBetween(1_500L, 6_000L);
        }
    }

    private static void writeLongStringField(ByteBuf table, String name, String value) {
        byte[] nameBytes = RawAmqpClient.ascii(name);
        byte[] valueBytes = RawAmqpClient.ascii(value);
        table.writeByte(nameBytes.length);
        table.writeBytes(nameBytes);
        table.writeByte('S');
        table.writeInt(valueBytes.length);
        table.writeBytes(valueBytes);
    }
}
