package io.tsunagu.ingest.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import io.tsunagu.ingest.codec.PacketCheck;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline handler in front of vertx-mqtt's for one accepted MQTT connection: it checks every decoded packet and
 * keeps the keep-alive timer.
 *
 * <p>The first packet that fails its check is dropped, with every packet after it, and the owner is told of the
 * failure: vertx-mqtt 4.5 never sees it. Once {@link #keepAlive} set a timeout, the owner is told when no packet
 * arrived for that long [MQTT-3.1.2-24], and again after every further timeout while nothing arrives. One handler does
 * both (rather than Netty's {@code IdleStateHandler} and a listener behind it) because every idle connection holds it:
 * one handler context, one timer task. Event-loop only.
 */
final class InboundGuard extends ChannelInboundHandlerAdapter implements Runnable {

    /** The connection the guard reports to, on the event loop. */
    interface Owner {

        /** The check of one decoded packet. */
        PacketCheck check(MqttMessage packet);

        /** {@code check} failed: the packet and every one after it were dropped. */
        void violated(PacketCheck check);

        /** No packet arrived within the keep-alive timeout. */
        void keepAliveTimedOut();
    }

    private final Owner owner;
    private boolean violated;
    private ChannelHandlerContext context;
    private long timeoutNanos;
    private long lastReadNanos;
    private ScheduledFuture<?> timer;

    InboundGuard(Owner owner) {
        this.owner = owner;
    }

    /**
     * Times out the connection after {@code timeout} without a packet, counted from now (none when null): replaces an
     * earlier timeout.
     */
    void keepAlive(Duration timeout) {
        cancelTimer();
        this.timeoutNanos = timeout == null ? 0 : timeout.toNanos();
        if (timeoutNanos > 0 && context != null) {
            lastReadNanos = System.nanoTime();
            schedule(timeoutNanos);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (timeoutNanos > 0) {
            lastReadNanos = System.nanoTime();
        }
        if (violated) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof MqttMessage message) {
            PacketCheck result = owner.check(message);
            if (!result.isPassed()) {
                violated = true;
                ReferenceCountUtil.release(msg);
                owner.violated(result);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The timer fired: time out when nothing was read since, else wait for the rest of the timeout. */
    @Override
    public void run() {
        timer = null;
        if (timeoutNanos == 0 || !context.channel().isOpen()) {
            return;
        }
        long left = timeoutNanos - (System.nanoTime() - lastReadNanos);
        if (left > 0) {
            schedule(left);
            return;
        }
        schedule(timeoutNanos);
        owner.keepAliveTimedOut();
    }

    private void schedule(long delayNanos) {
        timer = context.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
