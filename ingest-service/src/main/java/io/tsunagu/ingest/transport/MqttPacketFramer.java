package io.tsunagu.ingest.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.tsunagu.contracts.error.IngestError;
import io.tsunagu.ingest.codec.MqttVersion;
import io.tsunagu.ingest.codec.PacketCheck;
import io.tsunagu.ingest.codec.ProtocolViolationException;
import io.tsunagu.ingest.codec.RawPacketRules;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Cuts the byte stream into whole MQTT packets in front of Netty's decoder and checks each with
 * {@link RawPacketRules}, which needs the packet's bytes. A CONNECT that breaks a rule is answered here, since no
 * connection exists yet: MQTT 3.1's empty client identifier with CONNACK 2, an MQTT 5 Protocol Error with CONNACK
 * 0x82, a malformed 3.1/3.1.1 CONNECT with a close. A later packet that breaks one is reported to the connection as
 * a {@link ProtocolViolationException} (MQTT 5: DISCONNECT with the reason code; will published). Packets longer than
 * the maximum size, or with a remaining length that is not a valid Variable Byte Integer, are passed on unframed so
 * the decoder reports them as usual.
 *
 * <p>Outbound, it encodes the packets written with Netty's (sharable) {@link MqttEncoder}, rather than a handler of
 * its own in the pipeline: every idle connection holds each handler's context. One instance per connection;
 * event-loop only.
 */
final class MqttPacketFramer extends ByteToMessageDecoder implements ChannelOutboundHandler {

    private static final Logger LOG = Logger.getLogger(MqttPacketFramer.class);
    private static final int CONNECT = 1;
    private static final int MAX_LENGTH_BYTES = 4;

    private final int maxPacketSize;
    private final Consumer<IngestError> onRefused;
    private int level;
    private long packets;
    private boolean passThrough;
    private boolean refused;

    MqttPacketFramer(int maxPacketSize, Consumer<IngestError> onRefused) {
        this.maxPacketSize = maxPacketSize;
        this.onRefused = onRefused;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!refused && in.isReadable()) {
            if (passThrough) {
                out.add(in.readRetainedSlice(in.readableBytes()));
                return;
            }
            int length = packetLength(in);
            if (length == 0) {
                return;
            }
            if (length < 0) {
                passThrough = true;
                continue;
            }
            ByteBuf packet = in.readRetainedSlice(length);
            PacketCheck check = check(packet);
            if (!check.isPassed()) {
                packet.release();
                refuse(ctx, check);
                in.skipBytes(in.readableBytes());
                return;
            }
            out.add(packet);
        }
        if (refused) {
            in.skipBytes(in.readableBytes());
        }
    }

    private PacketCheck check(ByteBuf packet) {
        packets++;
        if (level == 0 && RawPacketRules.packetType(packet) == CONNECT) {
            level = RawPacketRules.protocolLevel(packet).orElse(0);
        }
        return RawPacketRules.check(packet, level);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        MqttEncoder.INSTANCE.write(ctx, msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
            ChannelPromise promise) {
        ctx.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.close(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    /**
     * The length of the packet at the reader index: 0 while it is incomplete, -1 when it is not to be framed (too
     * long, or a Remaining Length of more than four bytes).
     */
    private int packetLength(ByteBuf in) {
        int start = in.readerIndex();
        int remaining = 0;
        for (int i = 0; i < MAX_LENGTH_BYTES; i++) {
            if (in.readableBytes() < i + 2) {
                return 0;
            }
            int digit = in.getUnsignedByte(start + 1 + i);
            remaining |= (digit & 0x7F) << (7 * i);
            if ((digit & 0x80) == 0) {
                if (remaining > maxPacketSize) {
                    return -1;
                }
                int total = 1 + (i + 1) + remaining;
                return in.readableBytes() >= total ? total : 0;
            }
        }
        return -1;
    }

    private void refuse(ChannelHandlerContext ctx, PacketCheck check) {
        refused = true;
        onRefused.accept(check.error());
        if (packets > 1) {
            ctx.fireExceptionCaught(new ProtocolViolationException(check));
            return;
        }
        LOG.debugf("connection from %s: CONNECT refused, %s %s", ctx.channel().remoteAddress(), check.error().code(),
                check.reason());
        ByteBuf connack = connack(check.error());
        if (connack == null) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(connack).addListener(ChannelFutureListener.CLOSE);
    }

    /** The CONNACK refusing a CONNECT with {@code error}, or null when its protocol level has none for it. */
    private ByteBuf connack(IngestError error) {
        if (level == MqttVersion.MQTT_5) {
            // CONNACK, remaining length 3, Session Present 0, the reason code, no properties (MQTT 5 §3.2).
            return Unpooled.wrappedBuffer(new byte[] {0x20, 0x03, 0x00, (byte) error.mqttReasonCode(), 0x00});
        }
        int returnCode = error.mqtt3ConnackCode();
        return returnCode < 0 ? null : Unpooled.wrappedBuffer(new byte[] {0x20, 0x02, 0x00, (byte) returnCode});
    }
}
