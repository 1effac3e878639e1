package io.tsunagu.ingest.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.impl.MqttEndpointImpl;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Socket controls that vertx-mqtt 4.5 does not expose on {@link MqttEndpoint}: stop and resume reading
 * (backpressure while the in-flight window is full), writability (QoS 0 to a slow subscriber), QoS 2 acks with a
 * reason code, the keep-alive timer (to enforce the Server Keep Alive we grant, which vertx-mqtt does not
 * know about, and to answer a timeout with MQTT 5 DISCONNECT 0x8D), and a check of each decoded packet before
 * vertx-mqtt dispatches it (for the packets it mishandles, so they get their reason code).
 *
 * <p>The endpoint's Netty channel is reached through its private {@code conn} field: the only way in with this
 * vertx-mqtt version (pause/resume on the server endpoint arrives upstream only with Vert.x 5). If the field is
 * missing, every control degrades to a no-op (reading is never paused, vertx-mqtt's own keep-alive timer stays)
 * and a warning is logged once. Event-loop only.
 */
@RegisterForReflection(targets = MqttEndpointImpl.class, fields = true, methods = false)
final class EndpointChannel {

    private static final Logger LOG = Logger.getLogger(EndpointChannel.class);
    private static final VarHandle CONNECTION = findConnectionField();
    private static final String VERTX_HANDLER = "handler";
    private static final String VERTX_IDLE = "idle";
    private static final String VERTX_KEEP_ALIVE = "keepAliveHandler";
    private static final String GUARD = "tsunaguInboundGuard";

    private final NetSocketInternal socket;
    private final Channel channel;

    private EndpointChannel(NetSocketInternal socket) {
        this.socket = socket;
        this.channel = socket == null ? null : socket.channelHandlerContext().channel();
    }

    /** The controls of {@code endpoint}'s socket (no-ops when it cannot be reached). */
    static EndpointChannel of(MqttEndpoint endpoint) {
        if (CONNECTION == null || !(endpoint instanceof MqttEndpointImpl)) {
            return new EndpointChannel(null);
        }
        return new EndpointChannel((NetSocketInternal) CONNECTION.get((MqttEndpointImpl) endpoint));
    }

    /**
     * Writes a PUBREC, PUBREL or PUBCOMP carrying {@code reasonCode} (MQTT 5 §3.5.2.1, §3.6.2.1, §3.7.2.1), which
     * vertx-mqtt 4.5's endpoint cannot send: its publishReceived, publishRelease and publishComplete write the
     * packet identifier only. Netty's encoder drops the reason code for MQTT 3.1.1. False when the socket cannot be
     * reached (nothing was written).
     */
    boolean writePubReply(MqttMessageType type, int packetId, byte reasonCode, MqttProperties properties) {
        if (socket == null) {
            return false;
        }
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        MqttFixedHeader header = new MqttFixedHeader(type, false, qos, false, 0);
        socket.writeMessage(MqttMessageFactory.newMessage(header,
                new MqttPubReplyMessageVariableHeader(packetId, reasonCode, properties), null));
        return true;
    }

    /** True when the socket can be controlled. */
    boolean isAvailable() {
        return channel != null;
    }

    /** Stops reading the socket; false when that is not possible. */
    boolean pauseReading() {
        if (channel == null) {
            return false;
        }
        channel.config().setAutoRead(false);
        return true;
    }

    /** Reads the socket again. */
    void resumeReading() {
        if (channel != null) {
            channel.config().setAutoRead(true);
        }
    }

    /** The user name the client's CONNECT carried, with or without a password. */
    Optional<String> connectUserName() {
        // hasAttr first: attr() would create the attribute on every connection that sent no user name.
        return channel == null || !channel.hasAttr(MqttNetServer.CONNECT_USER_NAME) ? Optional.empty()
                : Optional.ofNullable(channel.attr(MqttNetServer.CONNECT_USER_NAME).get());
    }

    /** False while the socket's outbound buffer is above its high-water mark. */
    boolean isWritable() {
        return channel == null || channel.isWritable();
    }

    /**
     * Replaces vertx-mqtt's keep-alive timer with one of {@code timeout} (none when null) that tells the guard's owner
     * on the event loop; it is {@link InboundGuard}'s, so {@link #guardInbound} must have been installed. False when
     * it was not or the socket cannot be reached (vertx-mqtt's timer stays).
     */
    boolean replaceKeepAlive(Duration timeout) {
        InboundGuard guard = channel == null ? null : (InboundGuard) channel.pipeline().get(GUARD);
        if (guard == null) {
            return false;
        }
        ChannelPipeline pipeline = channel.pipeline();
        removeIfPresent(pipeline, VERTX_IDLE);
        removeIfPresent(pipeline, VERTX_KEEP_ALIVE);
        guard.keepAlive(timeout);
        return true;
    }

    /**
     * Puts {@code owner}'s check in front of vertx-mqtt's handler for every packet decoded from now on
     * ({@link InboundGuard}): the first packet it fails is dropped, with every packet after it, and {@code owner} is
     * told (on the event loop, as the read). False when the socket cannot be reached (nothing is checked).
     */
    boolean guardInbound(InboundGuard.Owner owner) {
        if (channel == null || channel.pipeline().get(VERTX_HANDLER) == null) {
            return false;
        }
        channel.pipeline().addBefore(VERTX_HANDLER, GUARD, new InboundGuard(owner));
        return true;
    }

    private static void removeIfPresent(ChannelPipeline pipeline, String name) {
        if (pipeline.get(name) != null) {
            pipeline.remove(name);
        }
    }

    private static VarHandle findConnectionField() {
        try {
            return MethodHandles.privateLookupIn(MqttEndpointImpl.class, MethodHandles.lookup())
                    .findVarHandle(MqttEndpointImpl.class, "conn", NetSocketInternal.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("vertx-mqtt's endpoint socket is not reachable (%s): reading is never paused and the "
                    + "Server Keep Alive is not enforced", e.toString());
            return null;
        }
    }
}
