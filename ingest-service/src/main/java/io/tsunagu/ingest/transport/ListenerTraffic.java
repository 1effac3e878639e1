package io.tsunagu.ingest.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes read from and written to the MQTT listener's client connections since the node started, as the socket
 * sees them: below TLS and the MQTT codec, so a malformed packet and a connection that never sends CONNECT count too
 * (as in Mosquitto's {@code $SYS/broker/bytes/...}). A TLS handshake is done before the connection reaches the
 * listener and is not counted.
 *
 * <p>{@link MqttNetServer} puts {@link #counter()} first in the pipeline of every connection. It is one handler shared
 * by all of them and keeps no state per connection: an idle connection costs it one pipeline entry (Netty's traffic
 * shaping, which counted before, kept a queue and a map entry for each). Thread-safe.
 */
@ApplicationScoped
public class ListenerTraffic {

    private final Counter counter = new Counter();

    /** The pipeline handler that counts; shareable between connections and event loops. */
    ChannelHandler counter() {
        return counter;
    }

    /** Bytes read from client connections since start. */
    long bytesReceived() {
        return counter.received.sum();
    }

    /** Bytes written to client connections since start. */
    long bytesSent() {
        return counter.sent.sum();
    }

    /** Adds up the buffers that pass the head of a pipeline, both ways. */
    @ChannelHandler.Sharable
    private static final class Counter extends ChannelDuplexHandler {
        private final LongAdder received = new LongAdder();
        private final LongAdder sent = new LongAdder();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buffer) {
                received.add(buffer.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buffer) {
                sent.add(buffer.readableBytes());
            }
            ctx.write(msg, promise);
        }
    }
}
