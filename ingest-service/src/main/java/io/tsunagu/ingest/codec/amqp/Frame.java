package io.tsunagu.ingest.codec.amqp;

import io.netty.buffer.ByteBuf;

/**
 * One decoded frame (§4.2.3). {@code payload} is a retained slice of the cumulated input buffer, not a copy: the
 * frame owns one reference and whoever consumes the frame must {@link #release()} it exactly once (after decoding a
 * method or header, or after handing a body onward with its own {@code retain()}).
 */
public record Frame(FrameType type, int channel, ByteBuf payload) {

    /** Releases the payload's reference; returns true if the underlying memory was freed. */
    public boolean release() {
        return payload.release();
    }
}
