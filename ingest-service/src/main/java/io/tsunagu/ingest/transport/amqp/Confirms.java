package io.tsunagu.ingest.transport.amqp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publisher confirms of one channel in confirm mode (RabbitMQ's confirm.select): publish sequence numbers 1, 2,
 * 3... and the acks and nacks owed for them. Confirms go out in sequence order, consecutive acks coalesced into one
 * basic.ack with multiple=true; a settled sequence number waits for the ones before it, so a multiple ack never
 * covers a message whose fate is not known yet. Event-loop only.
 */
final class Confirms {

    /** Waiting: no outcome yet. */
    private static final int WAITING = 0;
    private static final int ACK = 1;
    private static final int NACK = 2;

    /** One basic.ack or basic.nack to send. */
    record Confirm(long deliveryTag, boolean multiple, boolean ack) {
    }

    private final TreeMap<Long, Integer> pending = new TreeMap<>();
    private long last;

    /** The next publish sequence number, now waiting for its outcome. */
    long next() {
        last++;
        pending.put(last, WAITING);
        return last;
    }

    /** The publish {@code seq} was routed (ack) or refused (nack); unknown or settled numbers are ignored. */
    void settle(long seq, boolean ack) {
        Integer state = pending.get(seq);
        if (state != null && state == WAITING) {
            pending.put(seq, ack ? ACK : NACK);
        }
    }

    /** Confirms that can go out now, in order. */
    List<Confirm> drain() {
        List<Confirm> out = new ArrayList<>();
        long ackedUpTo = 0;
        int acks = 0;
        while (!pending.isEmpty() && pending.firstEntry().getValue() != WAITING) {
            Map.Entry<Long, Integer> first = pending.pollFirstEntry();
            if (first.getValue() == ACK) {
                ackedUpTo = first.getKey();
                acks++;
                continue;
            }
            if (acks > 0) {
                out.add(new Confirm(ackedUpTo, acks > 1, true));
                acks = 0;
            }
            out.add(new Confirm(first.getKey(), false, false));
        }
        if (acks > 0) {
            out.add(new Confirm(ackedUpTo, acks > 1, true));
        }
        return out;
    }

    /** Publishes still waiting for their outcome. */
    int outstanding() {
        return pending.size();
    }
}
