package io.tsunagu.routing.amqp.queue;

import io.tsunagu.contracts.amqp.ChannelRef;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary record of a {@link QueueState} on tsunagu.queue-state (key: Streams.queueKey; the fields' meanings are
 * {@link QueueState}'s). Unsigned LEB128 varints throughout; strings are a varint byte length and UTF-8. A deleted
 * queue's last record is not a tombstone but a state with nothing open (low-water = seenUpTo, no consumers), so a
 * queue declared again under the same name does not take the old queue's records still in tsunagu.queue.
 *
 * <pre>
 * version 1:
 *   byte     1 (the version)
 *   varint   seenUpTo
 *   varint   lowWater
 *   varint   deliveredBound + 1                     (0 = nothing delivered)
 *   varint   ready messages, varint unacknowledged messages   (counts when written)
 *   varint   n, then n varints: the settled offsets as gaps (first from lowWater, then from the previous one)
 *   varint   n, then n times: varint publish partition, varint highest source offset
 *   varint   n, then n consumers: string nodeId, string connectionId, varint channel, string consumer tag,
 *            varint prefetch, varint flags, varint channelSince (epoch ms)
 * </pre>
 *
 * A reader refuses any other version ({@link IllegalArgumentException}); the owner then rebuilds the queue as if
 * it had no state, which redelivers rather than loses.
 */
final class QueueStateCodec {

    static final int VERSION = 1;

    private QueueStateCodec() {
    }

    static byte[] encode(QueueState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + state.settled().length * 2);
        out.write(VERSION);
        writeVar(out, state.seenUpTo());
        writeVar(out, state.lowWater());
        writeVar(out, state.deliveredBound() + 1);
        writeVar(out, state.counts().ready());
        writeVar(out, state.counts().unacked());
        writeSettled(out, state);
        writeVar(out, state.sourceHighWaters().size());
        state.sourceHighWaters().forEach((partition, offset) -> {
            writeVar(out, partition);
            writeVar(out, offset);
        });
        writeVar(out, state.consumers().size());
        for (QueueState.Consumer consumer : state.consumers()) {
            writeConsumer(out, consumer);
        }
        return out.toByteArray();
    }

    static QueueState decode(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        int version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown queue state version " + version);
        }
        long seenUpTo = readVar(in);
        long lowWater = readVar(in);
        long deliveredBound = readVar(in) - 1;
        QueueState.Counts counts = new QueueState.Counts(readVar(in), readVar(in));
        long[] settled = readSettled(in, lowWater);
        Map<Integer, Long> highWaters = new HashMap<>();
        long count = readVar(in);
        for (long i = 0; i < count; i++) {
            highWaters.put((int) readVar(in), readVar(in));
        }
        List<QueueState.Consumer> consumers = new ArrayList<>();
        count = readVar(in);
        for (long i = 0; i < count; i++) {
            consumers.add(readConsumer(in));
        }
        return new QueueState(seenUpTo, lowWater, settled, deliveredBound, highWaters, consumers, counts);
    }

    private static void writeSettled(ByteArrayOutputStream out, QueueState state) {
        writeVar(out, state.settled().length);
        long previous = state.lowWater();
        for (long offset : state.settled()) {
            writeVar(out, offset - previous);
            previous = offset;
        }
    }

    private static long[] readSettled(ByteBuffer in, long lowWater) {
        long[] settled = new long[Math.toIntExact(readVar(in))];
        long previous = lowWater;
        for (int i = 0; i < settled.length; i++) {
            previous += readVar(in);
            settled[i] = previous;
        }
        return settled;
    }

    private static void writeConsumer(ByteArrayOutputStream out, QueueState.Consumer consumer) {
        writeString(out, consumer.channel().nodeId());
        writeString(out, consumer.channel().connectionId());
        writeVar(out, consumer.channel().channel());
        writeString(out, consumer.tag());
        writeVar(out, consumer.prefetch());
        writeVar(out, consumer.flags());
        writeVar(out, consumer.channelSince());
    }

    private static QueueState.Consumer readConsumer(ByteBuffer in) {
        ChannelRef channel = new ChannelRef(readString(in), readString(in), (int) readVar(in));
        return new QueueState.Consumer(channel, readString(in), (int) readVar(in), (int) readVar(in), readVar(in));
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVar(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static String readString(ByteBuffer in) {
        byte[] bytes = new byte[Math.toIntExact(readVar(in))];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeVar(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint " + value);
        }
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private static long readVar(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }
}
