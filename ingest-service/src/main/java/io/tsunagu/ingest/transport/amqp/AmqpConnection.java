package io.tsunagu.ingest.transport.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.codec.amqp.DecodeResult;
import io.tsunagu.ingest.codec.amqp.Frame;
import io.tsunagu.ingest.codec.amqp.FrameDecoder;
import io.tsunagu.ingest.codec.amqp.FrameEncoder;
import io.tsunagu.ingest.codec.amqp.Method;
import io.tsunagu.ingest.codec.amqp.MethodCodec;
import io.tsunagu.ingest.codec.amqp.ProtocolHeader;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.AmqpMessage;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.config.IngestOptions;
import io.tsunagu.ingest.transport.amqp.AmqpMetrics.RefusalReason;
import io.tsunagu.ingest.transport.amqp.topology.Requester;
import io.tsunagu.ingest.transport.amqp.topology.TopologyRequests;
import io.tsunagu.ingest.transport.amqp10.Amqp10Listener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One AMQP 0-9-1 connection: the handler in its Netty pipeline, from the protocol header to the socket's close.
 * Event-loop only (the channel's loop), no locks. It checks the protocol header, cuts frames with {@link FrameDecoder}
 * at the negotiated frame-max, runs the handshake ({@link Handshake}: start, SASL, tune, open), heartbeats, and the
 * channel lifecycle ({@link ChannelLifecycle}), whose open channels ({@link AmqpChannel}) serve the exchange, queue,
 * basic, confirm and tx methods. Publishes handed to Kafka are bounded per connection
 * ({@code tsunagu.ingest.amqp.max-publishes-in-flight}): when the window is full the socket is not read.
 *
 * <p>Errors: after connection.open, a hard error is connection.close with its reply code, then only close-ok (or a
 * crossing close) is read until the socket closes (§2.2.4, connection.close). A frame the codec refuses loses the
 * frame sync, so the socket closes right after that connection.close is written (RabbitMQ's fatal_frame_error also
 * sends it and closes, after a 3 s grace period). Before connection.open, §2.2.4 applies: "prior to sending or
 * receiving Open or Open-Ok, a peer that detects an error MUST close the socket without sending any further data" —
 * except where RabbitMQ answers (its rabbit_reader handle_exception): a refused login for clients with
 * {@code authentication_failure_close}, tune-ok values out of bounds and the connection limit at open get
 * connection.close before the socket closes. This handler is also the connection's last-resort handler: whatever it
 * throws closes this connection only.
 */
final class AmqpConnection extends ByteToMessageDecoder {

    /** The name of this handler in the pipeline. */
    static final String HANDLER_NAME = "amqp";
    private static final String IDLE_HANDLER_NAME = "amqpHeartbeat";
    private static final Logger LOG = Logger.getLogger(AmqpConnection.class);
    /** Reply texts are short strings (§4.2.5.3). */
    private static final int MAX_REPLY_TEXT = 255;
    private static final String ELLIPSIS = "...";

    /** Where the connection is in its life. */
    enum Phase {
        /** Waiting for the 8-byte protocol header. */
        HEADER,
        /** Handshake: connection.start sent, up to connection.open-ok. */
        HANDSHAKE,
        /** connection.open-ok sent: channels may be used. */
        OPEN,
        /** We sent connection.close: waiting for close-ok. */
        CLOSING,
        /** The socket is closing or closed. */
        CLOSED
    }

    private final AmqpServices services;
    private final String connectionId;
    private final Consumer<AmqpConnection> onClosed;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ChannelLifecycle lifecycle = new ChannelLifecycle(this);
    private final Handshake handshake;
    private final PublishWindow window;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.HEADER;
    private FrameDecoder decoder = new FrameDecoder(FrameDecoder.FRAME_MIN_SIZE);
    private FrameEncoder encoder = new FrameEncoder(FrameDecoder.FRAME_MIN_SIZE);
    private boolean holdsSlot;
    private io.netty.util.concurrent.ScheduledFuture<?> timer;
    private String clientVhost;
    private String tenant;
    private boolean cancelNotify;
    private boolean blockedNotify;
    private boolean sentBlocked;
    private boolean declaredExclusive;
    private long lastRequestId;

    AmqpConnection(AmqpServices services, String connectionId, Consumer<AmqpConnection> onClosed) {
        this.services = services;
        this.connectionId = connectionId;
        this.onClosed = onClosed;
        this.handshake = new Handshake(this, services);
        this.window = new PublishWindow(services.options().maxPublishesInFlight(), services.backends().pressure());
    }

    /** The connection's id, for logs. */
    String id() {
        return connectionId;
    }

    /** The client's address, for logs. */
    String remoteAddress() {
        return ctx == null ? "?" : String.valueOf(ctx.channel().remoteAddress());
    }

    /**
     * Node shutdown, from any thread: an open connection gets connection.close 320 CONNECTION_FORCED "broker shutdown"
     * (RabbitMQ's text) and waits (bounded) for close-ok; one still in its handshake is closed.
     */
    CompletableFuture<Void> shutdown() {
        ctx.executor().execute(() -> {
            if (phase == Phase.OPEN) {
                sendClose(ReplyCode.CONNECTION_FORCED, "CONNECTION_FORCED - broker shutdown", 0, 0);
            } else if (phase != Phase.CLOSING) {
                closeSocket();
            }
        });
        return closed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        long timeout = services.options().handshakeTimeout().toMillis();
        timer = context.executor().schedule(this::onHandshakeTimeout, timeout, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        if (phase == Phase.HEADER) {
            readProtocolHeader(in);
        }
        while (phase != Phase.HEADER && phase != Phase.CLOSED && !window.isFull() && in.isReadable()) {
            DecodeResult<Frame> result = decoder.decode(in);
            if (result instanceof DecodeResult.Decoded<Frame> decoded) {
                handleFrame(decoded.value());
            } else if (result instanceof DecodeResult.Failed<Frame> failed) {
                handleFrameError(failed);
            } else {
                return;
            }
        }
        if (phase == Phase.CLOSED) {
            in.skipBytes(in.readableBytes());
        }
    }

    /** §4.2.2: anything but {@code AMQP 0 0 9 1} gets our header back, then the socket closes. */
    private void readProtocolHeader(ByteBuf in) {
        switch (ProtocolHeader.check(in)) {
            case NEED_MORE -> {
            }
            case AMQP_0_9_1 -> {
                in.skipBytes(ProtocolHeader.LENGTH);
                phase = Phase.HANDSHAKE;
                send(0, services.start());
            }
            case AMQP_1_0, AMQP_1_0_SASL -> handOffToAmqp10(in);
            case UNSUPPORTED -> {
                LOG.debugf("AMQP connection %s from %s: not an AMQP 0-9-1 protocol header", connectionId,
                        remoteAddress());
                refuseProtocolHeader();
            }
        }
    }

    /**
     * An AMQP 1.0 header ({@code AMQP 0 1 0 0}, or {@code AMQP 3 1 0 0} for SASL): the socket and the bytes read so
     * far go to the AMQP 1.0 engine, which takes this handler's place; this connection ends here without a close.
     * With AMQP 1.0 disabled the header is refused as any other.
     */
    private void handOffToAmqp10(ByteBuf in) {
        Amqp10Listener amqp10 = services.amqp10();
        if (amqp10 == null || !amqp10.isEnabled()) {
            LOG.debugf("AMQP connection %s from %s: AMQP 1.0 header while AMQP 1.0 is disabled", connectionId,
                    remoteAddress());
            refuseProtocolHeader();
            return;
        }
        phase = Phase.CLOSED;
        cancelTimer();
        amqp10.accept(ctx, connectionId, in.readBytes(in.readableBytes()));
        ctx.pipeline().remove(this);
        onClosed.accept(this);
        closed.complete(null);
    }

    private void refuseProtocolHeader() {
        services.metrics().refused(RefusalReason.PROTOCOL_HEADER);
        ByteBuf header = ctx.alloc().buffer(ProtocolHeader.LENGTH);
        ProtocolHeader.writeSupported(header);
        closeAfter(ctx.writeAndFlush(header));
    }

    private void handleFrame(Frame frame) {
        try {
            switch (frame.type()) {
                case HEARTBEAT -> {
                    // Nothing to do: reading it reset the heartbeat handler's reader-idle timer.
                }
                case METHOD -> handleMethodFrame(frame);
                case HEADER, BODY -> handleContentFrame(frame);
            }
        } finally {
            frame.release();
        }
    }

    private void handleMethodFrame(Frame frame) {
        DecodeResult<Method> result = MethodCodec.decode(frame.payload());
        if (result instanceof DecodeResult.Failed<Method> failed) {
            handleMethodError(frame, failed);
            return;
        }
        Method method = ((DecodeResult.Decoded<Method>) result).value();
        switch (phase) {
            case HANDSHAKE -> handshake.handle(frame.channel(), method);
            case OPEN -> handleOpenMethod(frame.channel(), method);
            case CLOSING -> handleWhileClosing(frame.channel(), method);
            default -> {
            }
        }
    }

    /** A method that did not decode: 540 for an unknown class or method, 502 for bad arguments. */
    private void handleMethodError(Frame frame, DecodeResult.Failed<Method> failed) {
        if (phase == Phase.HANDSHAKE) {
            refuseHandshake(RefusalReason.HANDSHAKE_ERROR, failed.code().code() + " " + failed.reason());
        } else if (phase == Phase.OPEN) {
            ByteBuf payload = frame.payload();
            int classId = payload.readableBytes() >= 4 ? payload.getUnsignedShort(payload.readerIndex()) : 0;
            int methodId = payload.readableBytes() >= 4 ? payload.getUnsignedShort(payload.readerIndex() + 2) : 0;
            countClientError(failed.code(), failed.reason());
            sendClose(failed.code(), failed.code().name() + " - " + failed.reason(), classId, methodId);
        }
    }

    /** A frame the codec refused (bad frame-end, oversize, unknown type): the frame sync is lost. */
    private void handleFrameError(DecodeResult.Failed<Frame> failed) {
        if (phase == Phase.OPEN) {
            countClientError(failed.code(), failed.reason());
            Method close = new ConnectionMethod.Close(failed.code().code(),
                    replyText(failed.code().name() + " - " + failed.reason()), 0, 0);
            closeAfter(send(0, close));
        } else if (phase == Phase.HANDSHAKE) {
            refuseHandshake(RefusalReason.HANDSHAKE_ERROR, failed.code().code() + " " + failed.reason());
        } else {
            closeSocket();
        }
    }

    /** Content header and body frames: to their channel's publish being assembled; never on channel 0. */
    private void handleContentFrame(Frame frame) {
        if (phase == Phase.HANDSHAKE) {
            refuseHandshake(RefusalReason.HANDSHAKE_ERROR, "content frame during the handshake");
        } else if (phase == Phase.OPEN && frame.channel() != 0) {
            lifecycle.handleContent(frame);
        } else if (phase == Phase.OPEN) {
            closeConnection(ReplyCode.UNEXPECTED_FRAME, "UNEXPECTED_FRAME - " + frame.type()
                    + " frame on channel " + frame.channel() + " without a content method", null);
        }
    }

    private void handleOpenMethod(int channel, Method method) {
        if (channel == 0) {
            handleConnectionMethod(method);
        } else {
            lifecycle.handle(channel, method);
        }
    }

    /** Channel 0 after open-ok: connection.close, or an error as in RabbitMQ's handle_method0 (504). */
    private void handleConnectionMethod(Method method) {
        if (method instanceof ConnectionMethod.Close close) {
            LOG.debugf("AMQP connection %s from %s: client closed with %d %s", connectionId, remoteAddress(),
                    close.replyCode(), close.replyText());
            closeAfter(send(0, new ConnectionMethod.CloseOk()));
        } else {
            closeConnection(ReplyCode.CHANNEL_ERROR, "CHANNEL_ERROR - unexpected method " + MethodNames.of(method)
                    + " on channel 0 in connection state running", method);
        }
    }

    /** We sent connection.close: only close-ok (or a crossing close) is read; the rest is ignored. */
    private void handleWhileClosing(int channel, Method method) {
        if (channel != 0) {
            return;
        }
        if (method instanceof ConnectionMethod.CloseOk) {
            closeSocket();
        } else if (method instanceof ConnectionMethod.Close) {
            closeAfter(send(0, new ConnectionMethod.CloseOk()));
        }
    }

    /**
     * An error on {@code channel}: a soft code closes the channel (channel.close), a hard one the connection
     * (§1.2 reply codes).
     */
    void fail(int channel, ReplyCode code, String text, Method method) {
        if (code.isHardError() || channel == 0) {
            closeConnection(code, text, method);
        } else {
            countClientError(code, text);
            lifecycle.close(channel, code, text, method);
        }
    }

    /** A client's mistake: connection.close with {@code code}, naming the failing method when there is one. */
    void closeConnection(ReplyCode code, String text, Method method) {
        countClientError(code, text);
        sendClose(code, text, classIdOf(method), methodIdOf(method));
    }

    private void countClientError(ReplyCode code, String text) {
        services.metrics().clientError(code);
        LOG.debugf("AMQP connection %s from %s: closing with %d: %s", connectionId, remoteAddress(), code.code(),
                text);
    }

    /** Sends connection.close and waits (at most the handshake timeout) for close-ok, then closes the socket. */
    private void sendClose(ReplyCode code, String text, int classId, int methodId) {
        if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSING;
        send(0, new ConnectionMethod.Close(code.code(), replyText(text), classId, methodId));
        cancelTimer();
        long timeout = services.options().handshakeTimeout().toMillis();
        timer = ctx.executor().schedule(this::closeSocket, timeout, TimeUnit.MILLISECONDS);
    }

    /** Closes the socket without a word, as §2.2.4 asks for errors before connection.open. */
    void refuseHandshake(RefusalReason reason, String why) {
        services.metrics().refused(reason);
        LOG.debugf("AMQP connection %s from %s: handshake failed (%s): %s", connectionId, remoteAddress(),
                reason.tag(), why);
        closeSocket();
    }

    /** tune-ok accepted: frames are cut at the negotiated frame-max, heartbeats start. */
    void tuned(long frameMax, int negotiatedChannelMax, int heartbeatSeconds) {
        decoder = new FrameDecoder(frameMax);
        encoder = new FrameEncoder(frameMax);
        lifecycle.channelMax(negotiatedChannelMax);
        if (heartbeatSeconds > 0) {
            // §4.2.7: send when nothing was sent for an interval; a peer silent for two intervals is dead.
            ctx.pipeline().addBefore(HANDLER_NAME, IDLE_HANDLER_NAME,
                    new IdleStateHandler(2L * heartbeatSeconds, heartbeatSeconds, 0, TimeUnit.SECONDS));
        }
    }

    /**
     * connection.open-ok sent; {@code slot} tells whether this connection holds one of the node's slots,
     * {@code vhost} is the virtual host as the client named it, {@code vhostTenant} the tenant it maps to.
     */
    void opened(boolean slot, String vhost, String vhostTenant) {
        holdsSlot = slot;
        clientVhost = vhost;
        tenant = vhostTenant;
        cancelTimer();
        phase = Phase.OPEN;
    }

    /** Whether the handshake is still running (an asynchronous step checks before it goes on). */
    boolean inHandshake() {
        return phase == Phase.HANDSHAKE;
    }

    /** Runs {@code step} on this connection's event loop (now, when already on it). */
    void onEventLoop(Runnable step) {
        if (ctx.executor().inEventLoop()) {
            step.run();
        } else {
            ctx.executor().execute(step);
        }
    }

    ChannelFuture send(int channel, Method method) {
        ByteBuf out = ctx.alloc().buffer();
        try {
            encoder.writeMethod(channel, method, out);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return ctx.writeAndFlush(out);
    }

    /**
     * What the client announced: consumer_cancel_notify (it then gets a server basic.cancel) and
     * connection.blocked (it then hears when the node's hand-off to Kafka is backed up).
     */
    void clientCapabilities(boolean consumerCancelNotify, boolean connectionBlocked) {
        cancelNotify = consumerCancelNotify;
        blockedNotify = connectionBlocked;
    }

    /**
     * Sends connection.blocked or unblocked when the node's state differs from what this client last heard
     * (RabbitMQ's extension; only for clients with the capability, after open-ok).
     */
    void syncBlocked() {
        boolean blocked = services.backends().pressure().isBlocked();
        if (phase != Phase.OPEN || !blockedNotify || blocked == sentBlocked) {
            return;
        }
        sentBlocked = blocked;
        send(0, blocked ? new ConnectionMethod.Blocked("publishes to Kafka are backed up")
                : new ConnectionMethod.Unblocked());
    }

    boolean cancelNotify() {
        return cancelNotify;
    }

    /**
     * {@code text} from storage or a queue owner, which name the tenant a virtual host maps to, as the client knows
     * it: "in vhost 'default'" reads "in vhost '/'" for a client of vhost "/" (RabbitMQ's texts name the vhost).
     */
    String inClientTerms(String text) {
        if (clientVhost == null || clientVhost.equals(tenant)) {
            return text;
        }
        return text.replace(" vhost '" + tenant + "'", " vhost '" + clientVhost + "'");
    }

    /** The tenant of the connection's virtual host ({@code /} is the default tenant); null before open. */
    String tenant() {
        return tenant;
    }

    /** The virtual host as the client named it in connection.open, for reply texts. */
    String clientVhost() {
        return clientVhost;
    }

    AmqpBackends backends() {
        return services.backends();
    }

    IngestOptions.Amqp options() {
        return services.options();
    }

    /** Who this connection is to storage: its tenant, this node and its id. */
    Requester requester() {
        return new Requester(tenant, services.backends().nodeId(), connectionId);
    }

    /** A request id for a queue command, unique on this connection. */
    long nextRequestId() {
        return ++lastRequestId;
    }

    /** An exclusive queue was declared: storage deletes this connection's exclusive queues when it closes. */
    void declaredExclusiveQueue() {
        declaredExclusive = true;
    }

    /** Runs {@code step} on this connection's event loop after {@code delay}. */
    Future<?> schedule(Runnable step, Duration delay) {
        return ctx.executor().schedule(step, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A delivery-stream record for one of this connection's channels (on its event loop). */
    void handleDelivery(AmqpDelivery delivery) {
        if (phase == Phase.OPEN) {
            lifecycle.deliver(delivery);
        } else {
            AmqpConnections.handBack(services.backends().commands(), tenant == null ? services.defaultTenant()
                    : tenant, delivery);
        }
    }

    /** One more publish in Kafka's hands; a full window stops reading the socket. */
    void acquirePublishSlot() {
        if (window.acquire()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Kafka answered a publish ({@code accepted}: it has it); reading resumes below the window. */
    void releasePublishSlot(boolean accepted) {
        if (accepted) {
            services.metrics().messageIn();
        }
        if (window.release() && phase != Phase.CLOSED) {
            ctx.channel().config().setAutoRead(true);
            // What is already buffered is decoded first.
            ctx.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        if (window.isFull()) {
            // ByteToMessageDecoder would ask for more bytes when it produced nothing; a full window asks for none.
            context.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(context);
    }

    /** Our own failure (Kafka refused a hand-off): connection.close 541 INTERNAL_ERROR. */
    void failInternally(String what, Throwable cause) {
        services.metrics().serverError(ReplyCode.INTERNAL_ERROR);
        LOG.warnf("AMQP connection %s from %s: %s (%s); closing", connectionId, remoteAddress(), what,
                String.valueOf(cause));
        sendClose(ReplyCode.INTERNAL_ERROR, "INTERNAL_ERROR - " + what, 0, 0);
    }

    /** A method with content (basic.deliver, get-ok, return): method, header and body frames in one write. */
    void sendContent(int channel, Method method, AmqpMessage message) {
        if (phase != Phase.OPEN) {
            return;
        }
        if (!(method instanceof BasicMethod.Return)) {
            services.metrics().messageOut();
        }
        ByteBuf out = ctx.alloc().buffer();
        try {
            new ContentFrames(encoder).write(channel, method, message, out);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        ctx.writeAndFlush(out);
    }

    /** Exclusive queues belong to their connection (§queue.declare exclusive): storage deletes them now. */
    private void deleteExclusiveQueues() {
        if (!declaredExclusive) {
            return;
        }
        declaredExclusive = false;
        services.backends().topology()
                .send(TopologyRequests.deleteExclusiveQueues(services.backends().nodeId(), connectionId))
                .subscribe().with(answer -> {
                    if (!answer.isAccepted()) {
                        LOG.warnf("AMQP connection %s: its exclusive queues were not deleted: %d %s", connectionId,
                                answer.replyCode(), answer.replyText());
                    }
                });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof IdleStateEvent idle && phase != Phase.CLOSED) {
            if (idle.state() == IdleState.READER_IDLE) {
                // No close handshake with a peer that stopped talking, as RabbitMQ does on heartbeat_timeout.
                services.metrics().heartbeatTimeout();
                LOG.debugf("AMQP connection %s from %s: no heartbeat for two intervals, closing", connectionId,
                        remoteAddress());
                closeSocket();
            } else if (idle.state() == IdleState.WRITER_IDLE) {
                ByteBuf out = ctx.alloc().buffer(FrameDecoder.OVERHEAD);
                encoder.writeHeartbeat(out);
                ctx.writeAndFlush(out);
            }
            return;
        }
        super.userEventTriggered(context, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        phase = Phase.CLOSED;
        cancelTimer();
        lifecycle.closeAll();
        deleteExclusiveQueues();
        if (holdsSlot) {
            holdsSlot = false;
            services.metrics().closed();
        }
        onClosed.accept(this);
        closed.complete(null);
        super.channelInactive(context);
    }

    /** The last-resort handler: whatever went wrong closes this connection only, logged once. */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (phase == Phase.CLOSED) {
            LOG.debugf("AMQP connection %s from %s: after close: %s", connectionId, remoteAddress(), cause);
        } else if (cause instanceof IOException || cause.getCause() instanceof IOException) {
            LOG.debugf("AMQP connection %s from %s: %s", connectionId, remoteAddress(), cause);
        } else {
            services.metrics().serverError(ReplyCode.INTERNAL_ERROR);
            LOG.warnf(cause, "AMQP connection %s from %s failed in our code; closing it", connectionId,
                    remoteAddress());
        }
        closeSocket();
    }

    private void onHandshakeTimeout() {
        if (phase == Phase.HEADER || phase == Phase.HANDSHAKE) {
            refuseHandshake(RefusalReason.HANDSHAKE_TIMEOUT, "no connection.open within "
                    + services.options().handshakeTimeout());
        }
    }

    private void closeAfter(ChannelFuture write) {
        phase = Phase.CLOSED;
        write.addListener(ChannelFutureListener.CLOSE);
    }

    private void closeSocket() {
        phase = Phase.CLOSED;
        cancelTimer();
        ctx.close();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    static int classIdOf(Method method) {
        return method == null ? 0 : method.classId();
    }

    static int methodIdOf(Method method) {
        return method == null ? 0 : method.methodId();
    }

    /**
     * {@code text} fitted in a short string's 255 UTF-8 bytes (§4.2.5.3) as RabbitMQ fits it: a longer text is cut to
     * 252 bytes, on a character boundary, and ends with "..." (rabbitmq-reference.md §d).
     */
    static String replyText(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_REPLY_TEXT) {
            return text;
        }
        String cut = text;
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_REPLY_TEXT - ELLIPSIS.length()) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        return cut + ELLIPSIS;
    }
}
