package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.contracts.amqp.AmqpDelivery;
import io.tsunagu.ingest.codec.amqp.ChannelMethod;
import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.codec.amqp.Frame;
import io.tsunagu.ingest.codec.amqp.Method;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The channels of an open connection (§2.2.5, class channel): open, flow, close in both directions; the methods of
 * the other classes and the content frames go to the open channel's {@link AmqpChannel}. Channel errors follow RabbitMQ:
 * a method on a channel that is not open, or a second channel.open, is 504 CHANNEL_ERROR (rabbit_channel "expected
 * 'channel.open'", "second 'channel.open' seen"); a channel number above the negotiated channel-max is 530
 * NOT_ALLOWED. Event-loop only.
 */
final class ChannelLifecycle {

    private final AmqpConnection connection;
    private final ChannelTable channels = new ChannelTable();
    private final Map<Integer, AmqpChannel> open = new HashMap<>();
    private int channelMax;

    ChannelLifecycle(AmqpConnection connection) {
        this.connection = connection;
    }

    /** The highest channel number, negotiated in tune-ok. */
    void channelMax(int negotiated) {
        channelMax = negotiated;
    }

    /** A method on {@code channel} (not 0) of an open connection. */
    void handle(int channel, Method method) {
        if (channel > channelMax) {
            connection.closeConnection(ReplyCode.NOT_ALLOWED, "NOT_ALLOWED - channel " + channel
                    + " is above the negotiated channel_max (" + channelMax + ")", method);
            return;
        }
        switch (channels.state(channel)) {
            case CLOSED -> handleClosedChannel(channel, method);
            case OPEN -> handleOpenChannel(channel, method);
            case CLOSING -> handleClosingChannel(channel, method);
        }
    }

    /** Closes {@code channel} for a soft error: channel.close, then only close or close-ok is heard on it. */
    void close(int channel, ReplyCode code, String text, Method method) {
        if (channels.state(channel) != ChannelTable.State.OPEN) {
            return;
        }
        channels.closing(channel);
        release(channel);
        connection.send(channel, new ChannelMethod.Close(code.code(), AmqpConnection.replyText(text),
                AmqpConnection.classIdOf(method), AmqpConnection.methodIdOf(method)));
    }

    private void handleClosedChannel(int channel, Method method) {
        if (method instanceof ChannelMethod.Open) {
            channels.open(channel);
            open.put(channel, new AmqpChannel(connection, channel));
            connection.send(channel, new ChannelMethod.OpenOk());
        } else {
            connection.closeConnection(ReplyCode.CHANNEL_ERROR, "CHANNEL_ERROR - expected 'channel.open' on channel "
                    + channel + ", got " + MethodNames.of(method), method);
        }
    }

    private void handleOpenChannel(int channel, Method method) {
        AmqpChannel amqp = open.get(channel);
        if (amqp.awaitsContent()) {
            // A method frame between basic.publish and its content (RabbitMQ's rabbit_command_assembler).
            amqp.handleMethod(method);
            return;
        }
        switch (method) {
            case ChannelMethod.Open open -> connection.closeConnection(ReplyCode.CHANNEL_ERROR,
                    "CHANNEL_ERROR - second 'channel.open' seen on channel " + channel, method);
            case ChannelMethod.Close close -> {
                channels.closed(channel);
                release(channel);
                connection.send(channel, new ChannelMethod.CloseOk());
            }
            // RabbitMQ no longer pauses deliveries on channel.flow (3.x: it answers flow-ok and carries on).
            case ChannelMethod.Flow flow -> connection.send(channel, new ChannelMethod.FlowOk(flow.active()));
            case ChannelMethod other -> connection.closeConnection(ReplyCode.COMMAND_INVALID,
                    "COMMAND_INVALID - unexpected " + MethodNames.of(other), method);
            case ConnectionMethod other -> connection.closeConnection(ReplyCode.COMMAND_INVALID,
                    "COMMAND_INVALID - " + MethodNames.of(other) + " on channel " + channel, method);
            default -> amqp.handleMethod(method);
        }
    }

    /** A content header or body frame on {@code channel} (not 0): ignored while we close the channel. */
    void handleContent(Frame frame) {
        switch (channels.state(frame.channel())) {
            case CLOSED -> connection.closeConnection(ReplyCode.CHANNEL_ERROR, "CHANNEL_ERROR - channel "
                    + frame.channel() + " is not open", null);
            case OPEN -> open.get(frame.channel()).handleContent(frame);
            case CLOSING -> {
            }
        }
    }

    /** A record of this node's delivery stream for one of this connection's channels. */
    void deliver(AmqpDelivery delivery) {
        AmqpChannel channel = open.get(delivery.channel().channel());
        if (channel == null) {
            AmqpConnections.handBack(connection.backends().commands(), connection.tenant(), delivery);
        } else {
            channel.handleDelivery(delivery);
        }
    }

    /** The connection is gone: every channel closes (its queues are told). */
    void closeAll() {
        for (Integer channel : new ArrayList<>(open.keySet())) {
            release(channel);
        }
    }

    private void release(int channel) {
        AmqpChannel amqp = open.remove(channel);
        if (amqp != null) {
            amqp.close();
        }
    }

    /** We sent channel.close: only channel.close (crossing) and close-ok end it; the rest is ignored. */
    private void handleClosingChannel(int channel, Method method) {
        if (method instanceof ChannelMethod.Close) {
            connection.send(channel, new ChannelMethod.CloseOk());
            channels.closed(channel);
        } else if (method instanceof ChannelMethod.CloseOk) {
            channels.closed(channel);
        }
    }
}
