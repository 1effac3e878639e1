package io.tsunagu.ingest.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Between the WebSocket frames and the MQTT codec (MQTT 5 §6.0, MQTT 3.1.1 §6.0). Inbound, binary frames and the
 * continuation frames of a fragmented binary message are one byte stream for the MQTT decoder, which reassembles
 * packets split across frames or sharing one [MQTT-6.0.0-2]; any other data frame closes the connection with
 * 1003 (unsupported data) [MQTT-6.0.0-1]. An HTTP request that is no WebSocket upgrade at {@code /mqtt} gets 404 and
 * a close. Outbound, each encoded packet goes in one binary frame. Ping, pong and
 * close frames never get here: the WebSocket protocol handler answers them. One instance per connection.
 */
final class WebSocketFrames extends ChannelDuplexHandler {

    private static final Logger LOG = Logger.getLogger(WebSocketFrames.class);
    private static final WebSocketCloseStatus NOT_BINARY = new WebSocketCloseStatus(
            WebSocketCloseStatus.INVALID_MESSAGE_TYPE.code(), "MQTT packets travel in binary frames [MQTT-6.0.0-1]");

    private static final String NOT_FOUND_TEXT = "MQTT over WebSocket is served at " + MqttNetServer.WEBSOCKET_PATH
            + " (subprotocol mqtt)\n";

    private boolean closing;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            // The frame's reference count is its content's: passing the content on hands the reference over.
            ctx.fireChannelRead(((WebSocketFrame) msg).content());
            return;
        }
        if (msg instanceof WebSocketFrame frame) {
            ReferenceCountUtil.release(frame);
            refuse(ctx, frame);
            return;
        }
        if (msg instanceof HttpRequest request) {
            ReferenceCountUtil.release(request);
            notFound(ctx, request);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            ctx.write(new BinaryWebSocketFrame(bytes), promise);
            return;
        }
        ctx.write(msg, promise);
    }

    /** An HTTP request the upgrade handler let through: another path, or no WebSocket upgrade. */
    private void notFound(ChannelHandlerContext ctx, HttpRequest request) {
        closing = true;
        LOG.debugf("HTTP request from %s for %s is not a WebSocket upgrade at %s; answering 404",
                ctx.channel().remoteAddress(), request.uri(), MqttNetServer.WEBSOCKET_PATH);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                Unpooled.copiedBuffer(NOT_FOUND_TEXT, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void refuse(ChannelHandlerContext ctx, WebSocketFrame frame) {
        closing = true;
        LOG.debugf("WebSocket connection from %s sent a %s; closing with 1003", ctx.channel().remoteAddress(),
                frame.getClass().getSimpleName());
        ctx.writeAndFlush(new CloseWebSocketFrame(NOT_BINARY)).addListener(ChannelFutureListener.CLOSE);
    }
}
