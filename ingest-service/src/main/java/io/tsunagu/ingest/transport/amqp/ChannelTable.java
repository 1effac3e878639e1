package io.tsunagu.ingest.transport.amqp;

import java.util.BitSet;

/**
 * The channels of one connection: open, or closing (we sent channel.close and wait for close-ok). Event-loop only.
 */
final class ChannelTable {

    /** The state of one channel number. */
    enum State {
        /** Not open: only channel.open is allowed. */
        CLOSED,
        /** Open. */
        OPEN,
        /** We sent channel.close: everything but channel.close and close-ok is ignored (§2.2.5 / channel.close). */
        CLOSING
    }

    private final BitSet open = new BitSet();
    private final BitSet closing = new BitSet();

    State state(int channel) {
        if (open.get(channel)) {
            return State.OPEN;
        }
        return closing.get(channel) ? State.CLOSING : State.CLOSED;
    }

    void open(int channel) {
        open.set(channel);
    }

    void closing(int channel) {
        open.clear(channel);
        closing.set(channel);
    }

    void closed(int channel) {
        open.clear(channel);
        closing.clear(channel);
    }

    /** Channels open now. */
    int openCount() {
        return open.cardinality();
    }
}
