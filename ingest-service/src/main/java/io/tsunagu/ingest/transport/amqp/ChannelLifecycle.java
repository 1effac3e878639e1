package io.tsunagu.ingest.transport.amqp;

import io.tsunagu.ingest.codec.amqp.ChannelMethod;
import io.tsunagu.ingest.codec.amqp.ConnectionMethod;
import io.tsunagu.ingest.codec.amqp.Method;
import io.tsunagu.ingest.codec.amqp.ReplyCode;

/**
 * The channels of an open connection (§2.2.5, class channel): open, flow, close in both directions, and the answer
 * to every method of a class that comes later (540 NOT_IMPLEMENTED naming the method). Channel errors follow RabbitMQ:
 * a method on a channel that is not open, or a second channel.open, is 504 CHANNEL_ERROR (rabbit_channel "expected
 * 'channel.open'", "second 'channel.open' seen"); a channel number above the negotiated channel-max is 530
 * NOT_ALLOWED. Event-loop only.
 */
final class ChannelLifecycle {

    private final AmqpConnection connection;
    private final ChannelTable channels = new ChannelTable();
    private int channelMax;

    ChannelLifecycle(AmqpConnection connection) {
        this.connection = connection;
    }

    /** The highest channel number, negotiated in tune-ok. */
    void channelMax(int negotiated) {
        channelMax = negotiated;
    }

    /** Whether {@code channel} is open or closing (content frames on any other are 504). */
    boolean isInUse(int channel) {
        return channels.state(channel) != ChannelTable.State.CLOSED;
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
        channels.closing(channel);
        connection.send(channel, new ChannelMethod.Close(code.code(), AmqpConnection.replyText(text),
                AmqpConnection.classIdOf(method), AmqpConnection.methodIdOf(method)));
    }

    private void handleClosedChannel(int channel, Method method) {
        if (method instanceof ChannelMethod.Open) {
            channels.open(channel);
            connection.send(channel, new ChannelMethod.OpenOk());
        } else {
            connection.closeConnection(ReplyCode.CHANNEL_ERROR, "CHANNEL_ERROR - expected 'channel.open' on channel "
                    + channel + ", got " + MethodNames.of(method), method);
        }
    }

    private void handleOpenChannel(int channel, Method method) {
        switch (method) {
            case ChannelMethod.Open open -> connection.closeConnection(ReplyCode.CHANNEL_ERROR,
                    "CHANNEL_ERROR - second 'channel.open' seen on channel " + channel, method);
            case ChannelMethod.Close close -> {
                channels.closed(channel);
                connection.send(channel, new ChannelMethod.CloseOk());
            }
            // Nothing is delivered yet, so there is nothing to pause: flow-ok confirms the client's setting.
            case ChannelMethod.Flow flow -> connection.send(channel, new ChannelMethod.FlowOk(flow.active()));
            case ChannelMethod other -> connection.closeConnection(ReplyCode.COMMAND_INVALID,
                    "COMMAND_INVALID - unexpected " + MethodNames.of(other), method);
            case ConnectionMethod other -> connection.closeConnection(ReplyCode.COMMAND_INVALID,
                    "COMMAND_INVALID - " + MethodNames.of(other) + " on channel " + channel, method);
            default -> connection.closeConnection(ReplyCode.NOT_IMPLEMENTED,
                    "NOT_IMPLEMENTED - " + MethodNames.of(method) + " is not implemented yet", method);
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
