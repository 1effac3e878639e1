package io.tsunagu.ingest.codec.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helpers: build byte vectors field by field and unwrap decode results. */
final class Wire {

    private Wire() {
    }

    /** Octets given as ints. */
    static byte[] b(int... octets) {
        byte[] bytes = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            bytes[i] = (byte) octets[i];
        }
        return bytes;
    }

    /** The US-ASCII / UTF-8 bytes of {@code text}. */
    static byte[] s(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static ByteBuf buf(byte[]... parts) {
        return Unpooled.wrappedBuffer(concat(parts));
    }

    static byte[] bytesOf(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    static <T> T decoded(DecodeResult<T> result) {
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded<T>) result).value();
    }

    static ReplyCode failure(DecodeResult<?> result) {
        assertThat(result).isInstanceOf(DecodeResult.Failed.class);
        return ((DecodeResult.Failed<?>) result).code();
    }

    /** Encodes a method payload (class-id, method-id, arguments) to bytes. */
    static byte[] encode(Method method) {
        ByteBuf out = Unpooled.buffer();
        try {
            MethodCodec.encode(method, out);
            return bytesOf(out);
        } finally {
            out.release();
        }
    }

    /** Decodes a method payload from bytes. */
    static DecodeResult<Method> decodeMethod(byte[] payload) {
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        try {
            return MethodCodec.decode(in);
        } finally {
            in.release();
        }
    }
}
