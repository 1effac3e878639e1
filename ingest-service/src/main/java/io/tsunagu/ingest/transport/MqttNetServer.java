package io.tsunagu.ingest.transport;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.contracts.error.IngestError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.impl.MqttServerConnection;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One MQTT listener instance: a Vert.x TCP server whose connections get the MQTT codec (Netty's, as in vertx-mqtt)
 * and, for WebSocket, the HTTP upgrade at {@code /mqtt}; each decoded packet goes to vertx-mqtt's
 * {@link MqttServerConnection}, which makes the {@link MqttEndpoint}s. It does what vertx-mqtt's {@code MqttServer}
 * does, and lets us put our own handlers in the pipeline before the first byte is read: vertx-mqtt 4.5 builds its
 * pipeline privately, so frames it does not expect (a WebSocket text frame, a fragmented binary message) could
 * reach it before CONNECT and be lost without closing the connection, and packets reach Netty's decoder unchecked
 * ({@link MqttPacketFramer}).
 *
 * <p>The connection's package-private dispatch methods are reached through method handles (the same way
 * {@link EndpointChannel} reaches the endpoint's socket); without them the listener cannot start.
 */
@RegisterForReflection(targets = MqttServerConnection.class, methods = true, fields = false)
final class MqttNetServer {

    /** The path of the WebSocket upgrade, as vertx-mqtt and the MQTT clients use it. */
    static final String WEBSOCKET_PATH = "/mqtt";
    /** MQTT 5 §6.0: "mqtt"; MQTT 3.1 clients ask for "mqttv3.1"; some 3.1.1 clients for "mqttv3.1.1". */
    static final String SUBPROTOCOLS = "mqtt,mqttv3.1,mqttv3.1.1";
    /** The user name of the connection's CONNECT, when it has one ({@link EndpointChannel#connectUserName()}). */
    static final AttributeKey<String> CONNECT_USER_NAME = AttributeKey.valueOf("tsunagu.connect-user-name");
    private static final Logger LOG = Logger.getLogger(MqttNetServer.class);
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /**
     * Netty gives every channel an allocator of its own; its settings are the same for all, and each channel's
     * read state is in its own handle, so the connections share one (as a server bootstrap's child option would).
     */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator();
    private static final MethodHandle HANDLE_MESSAGE = connectionMethod("handleMessage",
            MethodType.methodType(void.class, Object.class));
    private static final MethodHandle HANDLE_HANDSHAKE = connectionMethod("handleHandshakeComplete",
            MethodType.methodType(void.class, WebSocketServerProtocolHandler.HandshakeComplete.class));

    private final NetServer server;
    private final MqttServerOptions options;
    private final ChannelHandler byteCounter;
    private final Consumer<IngestError> onRefused;

    /**
     * A server with {@code options}; {@code byteCounter} (shareable) goes first in every connection's pipeline
     * ({@link ListenerTraffic}), {@code onRefused} hears of every packet {@link MqttPacketFramer} refuses.
     */
    MqttNetServer(Vertx vertx, MqttServerOptions options, ChannelHandler byteCounter, Consumer<IngestError> onRefused) {
        this.server = vertx.createNetServer(options);
        this.options = options;
        this.byteCounter = byteCounter;
        this.onRefused = onRefused;
    }

    /**
     * Binds {@code port} on {@code host}; {@code endpoints} gets every accepted CONNECT, {@code rejected} the CONNECTs
     * vertx-mqtt refuses itself.
     */
    Future<MqttNetServer> listen(ListenerSpec spec, String host, Handler<MqttEndpoint> endpoints,
            Handler<Throwable> rejected) {
        server.connectHandler(socket -> accept((NetSocketInternal) socket, endpoints, rejected));
        return server.listen(spec.port(), host).map(this);
    }

    /** The bound port. */
    int actualPort() {
        return server.actualPort();
    }

    /** Stops accepting and closes every connection. */
    Future<Void> close() {
        return server.close();
    }

    private void accept(NetSocketInternal socket, Handler<MqttEndpoint> endpoints, Handler<Throwable> rejected) {
        initPipeline(socket.channelHandlerContext().pipeline());
        MqttServerConnection connection = new MqttServerConnection(socket, endpoints, rejected, options);
        if (options.isUseWebSocket()) {
            // Only the WebSocket upgrade has an event for vertx-mqtt; without a handler Vert.x releases events itself.
            socket.eventHandler(event -> {
                if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                    invoke(HANDLE_HANDSHAKE, connection, handshake);
                }
                ReferenceCountUtil.release(event);
            });
        }
        socket.messageHandler(message -> dispatch(socket, connection, message));
    }

    /**
     * Hands a decoded packet to vertx-mqtt. What it throws (a packet before CONNECT, say) ends this connection only:
     * nothing escapes into Vert.x.
     */
    private static void dispatch(NetSocketInternal socket, MqttServerConnection connection, Object message) {
        if (message instanceof MqttConnectMessage connect && connect.variableHeader().hasUserName()) {
            // vertx-mqtt 4.5 passes a user name on only with a password; MQTT allows one alone (MQTT 5 §3.1.3.5).
            socket.channelHandlerContext().channel().attr(CONNECT_USER_NAME).set(connect.payload().userName());
        }
        try {
            invoke(HANDLE_MESSAGE, connection, message);
        } catch (RuntimeException e) {
            LOG.debugf("connection from %s closed: %s", socket.remoteAddress(), e.toString());
            socket.close();
        }
    }

    /**
     * Vert.x's own handler ("handler") ends the pipeline; the MQTT codec goes before it, {@link MqttPacketFramer}
     * (which also encodes) in front of the decoder, and for WebSocket the HTTP codec, the upgrade and
     * {@link WebSocketFrames} before the MQTT codec. The byte counter goes first, before TLS.
     */
    private void initPipeline(ChannelPipeline pipeline) {
        ChannelConfig config = pipeline.channel().config();
        if (config.getRecvByteBufAllocator() instanceof AdaptiveRecvByteBufAllocator) {
            config.setRecvByteBufAllocator(RECEIVE_BUFFERS);
        }
        pipeline.addFirst("byteCounter", byteCounter);
        pipeline.addBefore("handler", "packetFramer", new MqttPacketFramer(options.getMaxMessageSize(), onRefused));
        pipeline.addBefore("handler", "mqttDecoder",
                new MqttDecoder(options.getMaxMessageSize(), options.getMaxClientIdLength()));
        pipeline.addBefore("handler", "idle", new IdleStateHandler(options.timeoutOnConnect(), 0, 0));
        pipeline.addBefore("handler", "timeoutOnConnect", new ConnectTimeout());
        if (options.isUseWebSocket()) {
            int maxFrameSize = options.getWebSocketMaxFrameSize();
            WebSocketServerProtocolConfig upgrade = WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(WEBSOCKET_PATH)
                    .subprotocols(SUBPROTOCOLS)
                    .allowExtensions(true)
                    .maxFramePayloadLength(maxFrameSize)
                    .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                    .build();
            pipeline.addBefore("packetFramer", "httpServerCodec", new HttpServerCodec());
            pipeline.addBefore("packetFramer", "aggregator", new HttpObjectAggregator(maxFrameSize));
            pipeline.addBefore("packetFramer", "webSocketCompression", new WebSocketServerCompressionHandler());
            pipeline.addBefore("packetFramer", "webSocketHandler", new WebSocketServerProtocolHandler(upgrade));
            pipeline.addBefore("packetFramer", "webSocketFrames", new WebSocketFrames());
        }
    }

    private static void invoke(MethodHandle method, MqttServerConnection connection, Object argument) {
        try {
            method.invoke(connection, argument);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle connectionMethod(String name, MethodType type) {
        try {
            return MethodHandles.privateLookupIn(MqttServerConnection.class, MethodHandles.lookup())
                    .findVirtual(MqttServerConnection.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("vertx-mqtt's MqttServerConnection." + name + " is not reachable", e);
        }
    }

    /** Closes a connection that sent no CONNECT within the connect timeout [MQTT-3.1.4-1]. */
    private static final class ConnectTimeout extends ChannelDuplexHandler {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
                ctx.channel().close();
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
