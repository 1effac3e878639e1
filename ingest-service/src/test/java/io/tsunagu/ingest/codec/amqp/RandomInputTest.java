package io.tsunagu.ingest.codec.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated bytes never escape the codec as an exception (STYLE.md §9.1): every entry point answers with
 * a result. Seeded, so a failure reproduces.
 */
class RandomInputTest {

    private static final int CASES = 20_000;

    @Test
    void randomBytesNeverThrowFromTheFrameDecoder() {
        Random random = new Random(5091L);
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = randomBytes(random, 64);
            if (random.nextBoolean() && bytes.length > 7) {
                bytes[0] = (byte) (1 + random.nextInt(3)); // valid frame type so decoding goes deeper
                bytes[3] = 0;
                bytes[4] = 0;
                bytes[5] = 0;
            }
            decodeFrames(bytes, random.nextBoolean() ? 0 : FrameDecoder.OVERHEAD + random.nextInt(200));
        }
    }

    @Test
    void randomPayloadsNeverThrowFromMethodOrHeaderDecoding() {
        Random random = new Random(91L);
        List<byte[]> valid = MethodSamples.all().map(Wire::encode).toList();
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = random.nextBoolean() ? mutate(random, valid.get(random.nextInt(valid.size())))
                    : randomBytes(random, 80);
            ByteBuf payload = Unpooled.wrappedBuffer(bytes);
            assertThat(MethodCodec.decode(payload)).isNotNull();
            assertThat(ContentHeaderCodec.decode(payload)).isNotNull();
            assertThat(ProtocolHeader.check(payload)).isNotNull();
            payload.release();
        }
    }

    @Test
    void mutatedValidFramesNeverThrowAndSomeStillDecode() {
        Random random = new Random(4223L);
        List<byte[]> frames = MethodSamples.all().map(RandomInputTest::frame).toList();
        int decodedFrames = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = mutate(random, frames.get(random.nextInt(frames.size())));
            decodedFrames += decodeFrames(bytes, 4096);
        }
        assertThat(decodedFrames).as("mutations that keep the framing intact reach the method decoder")
                .isGreaterThan(CASES / 10);
    }

    private static byte[] frame(Method method) {
        ByteBuf out = Unpooled.buffer();
        new FrameEncoder(4096).writeMethod(1, method, out);
        byte[] bytes = Wire.bytesOf(out);
        out.release();
        return bytes;
    }

    /** Decodes all frames of {@code bytes} and their payloads; returns how many frames decoded. */
    private static int decodeFrames(byte[] bytes, int frameMax) {
        int count = 0;
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        FrameDecoder decoder = new FrameDecoder(frameMax);
        DecodeResult<Frame> result = decoder.decode(in);
        while (result instanceof DecodeResult.Decoded<Frame> decoded) {
            Frame frame = decoded.value();
            assertThat(MethodCodec.decode(frame.payload())).isNotNull();
            assertThat(ContentHeaderCodec.decode(frame.payload())).isNotNull();
            frame.release();
            count++;
            result = decoder.decode(in);
        }
        in.release();
        return count;
    }

    private static byte[] randomBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Flips, truncates or overwrites a few bytes of a valid encoding. */
    private static byte[] mutate(Random random, byte[] valid) {
        byte[] bytes = valid.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && bytes.length > 4; e++) {
            int at = 4 + random.nextInt(bytes.length - 4);
            bytes[at] = (byte) random.nextInt(256);
        }
        if (random.nextInt(4) == 0) {
            bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
        }
        return bytes;
    }
}
