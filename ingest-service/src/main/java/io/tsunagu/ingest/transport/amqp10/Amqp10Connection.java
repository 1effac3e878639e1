package io.tsunagu.ingest.transport.amqp10;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.contracts.amqp.QueueCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.jboss.logging.Logger;

/**
 * One AMQP 1.0 connection: a handler in the socket's Netty pipeline that pumps proton-j's engine (Transport,
 * Connection, Collector): bytes in → {@link Transport#process()} → engine events → bytes out. Event-loop only (the
 * socket's loop), no locks. SASL PLAIN and ANONYMOUS after the SASL header ({@link Amqp10Sasl}); open, begin and
 * attach are answered; a client's sender link is a {@link PublishLink}, a client's receiver link a
 * {@link ConsumeLink}. Each link gets a number, unique in the connection, that is its {@link ChannelRef} channel.
 *
 * <p>Errors cost this connection only: bytes proton cannot decode close it with {@code amqp:decode-error} (AMQP 1.0
 * §2.8.15; RabbitMQ does the same), anything our code throws closes the socket (logged once).
 */
final class Amqp10Connection extends ChannelInboundHandlerAdapter {

    /** The name of this handler in the pipeline. */
    static final String HANDLER_NAME = "amqp10";
    private static final Logger LOG = Logger.getLogger(Amqp10Connection.class);
    private static final byte SASL_PROTOCOL_ID = 3;

    private final Amqp10Services services;
    private final String connectionId;
    private final Consumer<Amqp10Connection> onClosed;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final Amqp10Messages messages = new Amqp10Messages();
    private final Amqp10Links links = new Amqp10Links(this);
    private ChannelHandlerContext ctx;
    private long lastRequestId;
    private boolean closed;
    /** Close the socket once what the engine has to send is written (the engine may not end its output itself). */
    private boolean closeAfterFlush;
    private io.netty.util.concurrent.ScheduledFuture<?> openTimer;
    private io.netty.util.concurrent.ScheduledFuture<?> tickTimer;

    Amqp10Connection(Amqp10Services services, String connectionId, Consumer<Amqp10Connection> onClosed) {
        this.services = services;
        this.connectionId = connectionId;
        this.onClosed = onClosed;
    }

    String id() {
        return connectionId;
    }

    Amqp10Services services() {
        return services;
    }

    Amqp10Messages messages() {
        return messages;
    }

    String remoteAddress() {
        return ctx == null ? "?" : String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    /** Configures the engine and feeds it {@code alreadyRead} (the protocol header and what followed; released). */
    void start(ByteBuf alreadyRead) {
        transport.setMaxFrameSize((int) services.options().maxFrameSize().asLongValue());
        transport.setIdleTimeout((int) services.options().idleTimeout().toMillis());
        transport.setEmitFlowEventOnSend(false);
        if (alreadyRead.getByte(alreadyRead.readerIndex() + 4) == SASL_PROTOCOL_ID) {
            Sasl sasl = transport.sasl();
            sasl.server();
            sasl.setMechanisms(Amqp10Sasl.PLAIN, Amqp10Sasl.ANONYMOUS);
            sasl.setListener(new Amqp10Sasl(this));
        }
        transport.bind(connection);
        connection.collect(collector);
        Duration timeout = services.options().openTimeout();
        openTimer = ctx.executor().schedule(this::onOpenTimeout, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            pump(alreadyRead);
        } finally {
            alreadyRead.release();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            pump(in);
        } finally {
            in.release();
        }
    }

    /** Feeds {@code in} to the engine, handles the events, writes what the engine has to say. */
    private void pump(ByteBuf in) {
        try {
            while (!closed && in.isReadable()) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    in.skipBytes(in.readableBytes());
                    break;
                }
                ByteBuffer tail = transport.tail();
                tail.limit(tail.position() + Math.min(capacity, in.readableBytes()));
                in.readBytes(tail);
                transport.process();
                processEvents();
            }
        } catch (TransportException e) {
            failDecode(e);
        }
        flush();
    }

    /**
     * The engine refused the input (a malformed frame or performative): the frame sync is lost, so the connection
     * closes with {@code amqp:decode-error}, opening it first when the peer never got our open (§2.4.3: close is
     * sent after open).
     */
    private void failDecode(TransportException e) {
        LOG.debugf("AMQP 1.0 connection %s from %s: malformed input, closing with amqp:decode-error: %s",
                connectionId, remoteAddress(), e.getMessage());
        close(new ErrorCondition(AmqpError.DECODE_ERROR, String.valueOf(e.getMessage())));
        // During SASL the engine cannot send close (§5.3: no AMQP frames before the outcome): the socket just goes.
        closeAfterFlush();
    }

    /** The socket closes after the next write of the engine's output. */
    void closeAfterFlush() {
        closeAfterFlush = true;
    }

    /** Closes the connection with {@code condition} (open first when not yet open). */
    void close(ErrorCondition condition) {
        if (connection.getLocalState() == EndpointState.CLOSED) {
            return;
        }
        connection.setCondition(condition);
        if (connection.getLocalState() == EndpointState.UNINITIALIZED) {
            connection.setContainer(containerId());
            connection.open();
        }
        connection.close();
    }

    /** Node shutdown, from any thread: close with {@code amqp:connection:forced} (RabbitMQ's condition). */
    void shutdown() {
        onEventLoop(() -> {
            close(new ErrorCondition(ConnectionError.CONNECTION_FORCED, "broker shutdown"));
            flush();
        });
    }

    private void processEvents() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                handle(event);
            } finally {
                collector.pop();
            }
        }
    }

    private void handle(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> onRemoteOpen();
            case CONNECTION_REMOTE_CLOSE -> onRemoteClose();
            case SESSION_REMOTE_OPEN -> event.getSession().open();
            case SESSION_REMOTE_CLOSE -> links.onSessionClose(event.getSession());
            case LINK_REMOTE_OPEN -> links.onLinkOpen(event.getLink());
            case LINK_REMOTE_CLOSE -> links.onLinkClose(event.getLink(), true);
            case LINK_REMOTE_DETACH -> links.onLinkClose(event.getLink(), false);
            case LINK_FLOW -> links.onFlow(event.getLink());
            case DELIVERY -> links.onDelivery(event.getDelivery());
            default -> {
            }
        }
    }

    private void onRemoteOpen() {
        cancel(openTimer);
        if (connection.getLocalState() != EndpointState.UNINITIALIZED) {
            return;
        }
        connection.setContainer(containerId());
        connection.open();
    }

    private String containerId() {
        return "tsunagu-" + services.nodeId();
    }

    private void onRemoteClose() {
        links.closeAll();
        connection.close();
    }

    /** A link refused or ended by us: it is forgotten (and its consumer, if any, told). */
    void forget(Amqp10Link link) {
        links.forget(link);
    }

    /**
     * A record of this node's delivery stream for one of our links, from any thread: handled on the event loop,
     * even after the socket closed (a message for a link that is gone goes back to its queue).
     */
    void deliver(AmqpDelivery delivery) {
        ctx.executor().execute(() -> {
            try {
                if (closed) {
                    links.handBack(delivery);
                } else {
                    links.handleDelivery(delivery);
                    flush();
                }
            } catch (RuntimeException e) {
                exceptionCaught(ctx, e);
            }
        });
    }

    /** Sends a queue command; a failure is logged (the owner gives the channel's messages back when it is gone). */
    void send(QueueCommand command) {
        services.backends().commands().send(command).subscribe().with(done -> {
        }, failure -> LOG.warnf("AMQP 1.0 connection %s: queue command %s not sent: %s", connectionId, command,
                String.valueOf(failure)));
    }

    /** A request id for a queue command, unique on this connection. */
    long nextRequestId() {
        return ++lastRequestId;
    }

    /** Runs {@code step} on this connection's event loop (now, when already on it); its output is flushed. */
    void onEventLoop(Runnable step) {
        if (ctx.executor().inEventLoop()) {
            runGuarded(step);
        } else {
            ctx.executor().execute(() -> runGuarded(step));
        }
    }

    private void runGuarded(Runnable step) {
        if (closed) {
            return;
        }
        try {
            step.run();
        } catch (RuntimeException e) {
            exceptionCaught(ctx, e);
            return;
        }
        flush();
    }

    /** Runs {@code step} on the event loop after {@code delay}. */
    io.netty.util.concurrent.ScheduledFuture<?> schedule(Runnable step, Duration delay) {
        return ctx.executor().schedule(() -> runGuarded(step), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes what the engine has to send; closes the socket once the engine's output has ended (after close). */
    void flush() {
        if (closed) {
            return;
        }
        processEvents();
        boolean wrote = false;
        int pending;
        while ((pending = transport.pending()) > 0) {
            ByteBuffer head = transport.head();
            ByteBuf out = ctx.alloc().buffer(pending);
            ByteBuffer chunk = head.duplicate();
            chunk.limit(chunk.position() + pending);
            out.writeBytes(chunk);
            transport.pop(pending);
            ctx.write(out);
            wrote = true;
        }
        if (pending < 0 || closeAfterFlush) {
            closed = true;
            ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (wrote) {
            ctx.flush();
        }
        scheduleTick();
    }

    /** Idle timeouts (§2.4.5): the engine says when it next needs to send an empty frame or check the peer. */
    private void scheduleTick() {
        cancel(tickTimer);
        long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
        long deadline = transport.tick(now);
        if (deadline != 0) {
            tickTimer = ctx.executor().schedule(() -> runGuarded(() -> {
            }), Math.max(1, deadline - now), TimeUnit.MILLISECONDS);
        }
    }

    private void onOpenTimeout() {
        if (!closed && connection.getRemoteState() == EndpointState.UNINITIALIZED) {
            LOG.debugf("AMQP 1.0 connection %s from %s: no open within %s, closing", connectionId, remoteAddress(),
                    services.options().openTimeout());
            closeSocket();
        }
    }

    /** Closes the socket at once (a refused login, our own failure). */
    void closeSocket() {
        closed = true;
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        // Consumed here: the Vert.x socket handler behind us never sees this connection's bytes.
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        closed = true;
        cancel(openTimer);
        cancel(tickTimer);
        links.closeAll();
        onClosed.accept(this);
        super.channelInactive(context);
    }

    /** The last-resort handler: whatever went wrong closes this connection only, logged once. */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof IOException) {
            LOG.debugf("AMQP 1.0 connection %s from %s: %s", connectionId, remoteAddress(), cause);
        } else if (!closed) {
            LOG.warnf(cause, "AMQP 1.0 connection %s from %s failed in our code; closing it", connectionId,
                    remoteAddress());
        }
        closeSocket();
    }

    private static void cancel(io.netty.util.concurrent.ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
