package io.tsunagu.ingest.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.codec.amqp.ChannelMethod;
import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.codec.amqp.DecodeResult;
import io.tsunagu.ingest.codec.amqp.Frame;
import io.tsunagu.ingest.codec.amqp.FrameDecoder;
import io.tsunagu.ingest.codec.amqp.FrameEncoder;
import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.ingest.codec.amqp.Method;
import io.tsunagu.ingest.codec.amqp.MethodCodec;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.session.AuthResult;
import io.tsunagu.ingest.session.Authenticator;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AmqpConnection} driven through Netty's {@link EmbeddedChannel} with in-memory collaborators (STYLE §9.2): what
 * a running listener cannot show cheaply — shutdown, timeouts, refused logins, the connection limit.
 */
class AmqpConnectionTest {

    private static final byte[] HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    private static final Authenticator ACCEPT_ALL = request -> Uni.createFrom().item(AuthResult.accepted("default"));
    private static final Authenticator REFUSE_ALL = request -> Uni.createFrom()
            .item(AuthResult.refused(IngestError.BAD_USER_NAME_OR_PASSWORD));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AmqpMetrics metrics = new AmqpMetrics(registry);
    private final FrameEncoder encoder = new FrameEncoder(0);
    private final FrameDecoder decoder = new FrameDecoder(0);

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    void shutdownSendsConnectionForced320AndClosesOnCloseOk() {
        AmqpConnection connection = connection(ACCEPT_ALL, 10);
        EmbeddedChannel channel = channel(connection);
        handshake(channel);

        CompletableFuture<Void> closed = connection.shutdown();
        channel.runPendingTasks();

        ConnectionMethod.Close close = (ConnectionMethod.Close) readMethod(channel);
        assertThat(close.replyCode()).isEqualTo(320);
        assertThat(close.replyText()).isEqualTo("CONNECTION_FORCED - broker shutdown");
        writeMethod(channel, new ConnectionMethod.CloseOk());
        assertThat(channel.isOpen()).isFalse();
        assertThat(closed).isCompleted();
        assertThat(metrics.openConnections()).isZero();
    }

    @Test
    void connectionWithoutOpenWithinTheHandshakeTimeoutIsClosed() {
        EmbeddedChannel channel = channel(connection(ACCEPT_ALL, 10));
        channel.writeInbound(Unpooled.wrappedBuffer(HEADER));
        assertThat(readMethod(channel)).isInstanceOf(ConnectionMethod.Start.class);

        channel.advanceTimeBy(11, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(refused("handshake-timeout")).isEqualTo(1);
    }

    @Test
    void peerThatNeverAnswersConnectionCloseIsClosedAfterTheTimeout() {
        EmbeddedChannel channel = channel(connection(ACCEPT_ALL, 10));
        handshake(channel);
        writeMethod(channel, 1, new ChannelMethod.Open());
        readMethod(channel);
        writeMethod(channel, 1, new BasicMethod.Publish("", "q", false, true));
        assertThat(((ConnectionMethod.Close) readMethod(channel)).replyCode()).isEqualTo(540);

        writeMethod(channel, 1, new BasicMethod.Publish("", "ignored", false, true));
        assertThat(channel.<ByteBuf>readOutbound()).as("nothing but close-ok is read after close").isNull();
        channel.advanceTimeBy(11, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void softErrorClosesOnlyTheChannelAndIgnoresItUntilCloseOk() {
        AmqpConnection connection = connection(ACCEPT_ALL, 10);
        EmbeddedChannel channel = channel(connection);
        handshake(channel);
        writeMethod(channel, 1, new ChannelMethod.Open());
        readMethod(channel);

        connection.fail(1, ReplyCode.PRECONDITION_FAILED, "PRECONDITION_FAILED - " + "x".repeat(300), null);

        ChannelMethod.Close close = (ChannelMethod.Close) readMethod(channel);
        assertThat(close.replyCode()).isEqualTo(406);
        assertThat(close.replyText()).hasSize(255).endsWith("x...")
                .as("cut to 252 bytes and an ellipsis, as RabbitMQ cuts long texts")
                .isEqualTo("PRECONDITION_FAILED - " + "x".repeat(230) + "...");
        writeMethod(channel, 1, new ChannelMethod.Flow(true));
        assertThat(channel.<ByteBuf>readOutbound()).as("ignored while closing").isNull();
        writeMethod(channel, 1, new ChannelMethod.CloseOk());
        writeMethod(channel, 1, new ChannelMethod.Open());
        assertThat(readMethod(channel)).isInstanceOf(ChannelMethod.OpenOk.class);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void refusedLoginGetsConnectionClose403WhenTheClientAsksForIt() {
        EmbeddedChannel channel = channel(connection(REFUSE_ALL, 10));
        channel.writeInbound(Unpooled.wrappedBuffer(HEADER));
        readMethod(channel);

        writeMethod(channel, startOk(Map.of("authentication_failure_close", true)));

        ConnectionMethod.Close close = (ConnectionMethod.Close) readMethod(channel);
        assertThat(close.replyCode()).isEqualTo(403);
        assertThat(close.replyText()).startsWith("ACCESS_REFUSED - Login was refused");
        assertThat(refused("authentication")).isEqualTo(1);
    }

    @Test
    void refusedLoginClosesSilentlyForClientsWithoutAuthenticationFailureClose() {
        EmbeddedChannel channel = channel(connection(REFUSE_ALL, 10));
        channel.writeInbound(Unpooled.wrappedBuffer(HEADER));
        readMethod(channel);

        writeMethod(channel, startOk(Map.of()));

        assertThat(channel.<ByteBuf>readOutbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void connectionOpenBeyondTheNodesLimitGets530() {
        EmbeddedChannel first = channel(connection(ACCEPT_ALL, 1));
        handshake(first);
        EmbeddedChannel second = channel(connection(ACCEPT_ALL, 1));
        second.writeInbound(Unpooled.wrappedBuffer(HEADER));
        readMethod(second);
        writeMethod(second, startOk(Map.of()));
        ConnectionMethod.Tune tune = (ConnectionMethod.Tune) readMethod(second);
        writeMethod(second, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), 0));

        writeMethod(second, new ConnectionMethod.Open("/"));

        assertThat(((ConnectionMethod.Close) readMethod(second)).replyCode()).isEqualTo(530);
        assertThat(metrics.openConnections()).isEqualTo(1);
        first.close();
        assertThat(metrics.openConnections()).isZero();
    }

    private AmqpConnection connection(Authenticator authenticator, int maxConnections) {
        // No storage, streams or queue owners: these tests stop at the connection and channel lifecycle.
        AmqpBackends backends = new AmqpBackends("test-node", null, null, null, new KnownExchanges(),
                new PublishPressure(128, List::of));
        AmqpServices services = new AmqpServices(new Settings(maxConnections), "default", authenticator, metrics,
                ServerProperties.start("test"), backends, null);
        return new AmqpConnection(services, "amqp-test", closed -> {
        });
    }

    private static EmbeddedChannel channel(AmqpConnection connection) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(AmqpConnection.HANDLER_NAME, connection);
        return channel;
    }

    private void handshake(EmbeddedChannel channel) {
        channel.writeInbound(Unpooled.wrappedBuffer(HEADER));
        assertThat(readMethod(channel)).isInstanceOf(ConnectionMethod.Start.class);
        writeMethod(channel, startOk(Map.of()));
        ConnectionMethod.Tune tune = (ConnectionMethod.Tune) readMethod(channel);
        writeMethod(channel, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), 0));
        writeMethod(channel, new ConnectionMethod.Open("/"));
        assertThat(readMethod(channel)).isInstanceOf(ConnectionMethod.OpenOk.class);
    }

    private static ConnectionMethod.StartOk startOk(Map<String, Object> capabilities) {
        return new ConnectionMethod.StartOk(Map.of("capabilities", capabilities), "PLAIN",
                LongString.of("\0guest\0guest"), "en_US");
    }

    private void writeMethod(EmbeddedChannel channel, Method method) {
        writeMethod(channel, 0, method);
    }

    private void writeMethod(EmbeddedChannel channel, int channelNumber, Method method) {
        ByteBuf frame = Unpooled.buffer();
        encoder.writeMethod(channelNumber, method, frame);
        channel.writeInbound(frame);
    }

    private Method readMethod(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        assertThat(out).as("a frame written").isNotNull();
        try {
            Frame frame = ((DecodeResult.Decoded<Frame>) decoder.decode(out)).value();
            try {
                return ((DecodeResult.Decoded<Method>) MethodCodec.decode(frame.payload())).value();
            } finally {
                frame.release();
            }
        } finally {
            out.release();
        }
    }

    private double refused(String reason) {
        return registry.get(AmqpMetrics.CONNECTIONS_REFUSED).tag("reason", reason).counter().count();
    }

    /** The listener's settings with the defaults and {@code maxConnections}. */
    private record Settings(int maxConnections) implements IngestOptions.Amqp {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public String host() {
            return "localhost";
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public MemorySize frameMax() {
            return new MemorySize(BigInteger.valueOf(131_072));
        }

        @Override
        public int channelMax() {
            return 2047;
        }

        @Override
        public Duration heartbeat() {
            return Duration.ofSeconds(60);
        }

        @Override
        public Duration handshakeTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public MemorySize maxMessageSize() {
            return new MemorySize(BigInteger.valueOf(1_048_576));
        }

        @Override
        public Duration ownerTimeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public int maxPublishesInFlight() {
            return 128;
        }

        @Override
        public int blockedPublishesInFlight() {
            return 4096;
        }
    }
}
