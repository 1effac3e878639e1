package io.tsunagu.ingest.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tsunagu.infra.quarkus.LocalInfraResource;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.codec.amqp.ChannelMethod;
import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.codec.amqp.QueueMethod;
import io.tsunagu.ingest.support.NodeIdTestResource;
import io.tsunagu.ingest.support.RawAmqpClient;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Content frames out of order, on the wrong channel, or too large, with raw frames: each gets the spec's (or
 * RabbitMQ's) error and costs only its own connection; a bystander AMQP connection keeps publishing with confirms
 * off and its channel open.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = NodeIdTestResource.class, restrictToAnnotatedClass = false)
class AmqpContentFramesTest {

    @Inject
    AmqpListener listener;

    private Connection bystander;
    private Channel bystanderChannel;

    @BeforeEach
    void connectBystander() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("localhost");
        factory.setPort(listener.actualPort());
        factory.setAutomaticRecoveryEnabled(false);
        bystander = factory.newConnection();
        bystanderChannel = bystander.createChannel();
    }

    @AfterEach
    void bystanderIsUnaffected() throws Exception {
        bystanderChannel.basicPublish("", "bystander", null, new byte[] {1});
        bystanderChannel.basicQos(1);
        assertThat(bystanderChannel.isOpen()).isTrue();
        assertThat(bystander.isOpen()).isTrue();
        bystander.close();
    }

    @Test
    void methodFrameWhereTheContentHeaderBelongsGets505() throws IOException {
        try (RawAmqpClient raw = openChannel()) {
            raw.send(1, new BasicMethod.Publish("", "q", false, false));
            raw.send(1, new QueueMethod.Declare("q", 0, Map.of()));

            ConnectionMethod.Close close = raw.expectConnectionClose(505);
            assertThat(close.replyText()).contains("expected content header for class 60");
        }
    }

    @Test
    void bodyFrameBeforeTheContentHeaderGets505() throws IOException {
        try (RawAmqpClient raw = openChannel()) {
            raw.send(1, new BasicMethod.Publish("", "q", false, false));
            raw.sendBytes(bodyFrame(1, new byte[] {1, 2, 3}));

            raw.expectConnectionClose(505);
        }
    }

    @Test
    void contentHeaderOnAnotherChannelThanItsPublishGets505() throws IOException {
        try (RawAmqpClient raw = openChannel()) {
            raw.send(2, new ChannelMethod.Open());
            raw.expect(ChannelMethod.OpenOk.class);
            raw.send(1, new BasicMethod.Publish("", "q", false, false));
            raw.sendBytes(headerFrame(2, 3));

            raw.expectConnectionClose(505);
        }
    }

    @Test
    void bodyLargerThanTheMaximumMessageSizeClosesTheChannelWith406() throws IOException {
        try (RawAmqpClient raw = openChannel()) {
            raw.send(1, new BasicMethod.Publish("", "q", false, false));
            raw.sendBytes(headerFrame(1, 2 * 1024 * 1024));
            raw.sendBytes(bodyFrame(1, new byte[1000]));

            ChannelMethod.Close close = raw.expect(ChannelMethod.Close.class);
            assertThat(close.replyCode()).isEqualTo(406);
            assertThat(close.replyText()).isEqualTo(
                    "PRECONDITION_FAILED - message size 2097152 is larger than configured max size 1048576");
            assertThat(close.failingClassId()).isEqualTo(60);
            assertThat(close.failingMethodId()).isEqualTo(40);
            raw.send(1, new ChannelMethod.CloseOk());
            raw.send(1, new ChannelMethod.Open());
            raw.expect(ChannelMethod.OpenOk.class);
        }
    }

    @Test
    void bodyBeyondTheHeadersBodySizeGets505() throws IOException {
        try (RawAmqpClient raw = openChannel()) {
            raw.send(1, new BasicMethod.Publish("", "q", false, false));
            raw.sendBytes(headerFrame(1, 2));
            raw.sendBytes(bodyFrame(1, new byte[] {1, 2, 3}));

            raw.expectConnectionClose(505);
        }
    }

    private RawAmqpClient openChannel() throws IOException {
        RawAmqpClient raw = RawAmqpClient.open(listener.actualPort());
        raw.handshake(0);
        raw.send(1, new ChannelMethod.Open());
        raw.expect(ChannelMethod.OpenOk.class);
        return raw;
    }

    /** A content header frame of class basic with {@code bodySize} and no properties (§4.2.6.1). */
    private static byte[] headerFrame(int channel, long bodySize) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(2);
        frame.writeShort(channel);
        frame.writeInt(14);
        frame.writeShort(60);
        frame.writeShort(0);
        frame.writeLong(bodySize);
        frame.writeShort(0);
        frame.writeByte(0xCE);
        return ByteBufUtil.getBytes(frame);
    }

    private static byte[] bodyFrame(int channel, byte[] body) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(3);
        frame.writeShort(channel);
        frame.writeInt(body.length);
        frame.writeBytes(body);
        frame.writeByte(0xCE);
        return ByteBufUtil.getBytes(frame);
    }
}
