package io.tsunagu.ingest.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tsunagu.ingest.codec.amqp.BasicMethod;
import io.tsunagu.ingest.codec.amqp.Frame;
import io.tsunagu.ingest.codec.amqp.FrameType;
import io.tsunagu.ingest.codec.amqp.ReplyCode;
import org.junit.jupiter.api.Test;

class ContentAssemblyTest {

    private static final BasicMethod.Publish PUBLISH = new BasicMethod.Publish("x", "k", true, false);

    private final ContentAssembly assembly = new ContentAssembly(10);

    @Test
    void headerAndBodiesMakeAPublishWithThePropertiesAsReceived() {
        assembly.start(PUBLISH);

        // Properties: flags 0x9000 (content-type, delivery-mode), "t" and 2.
        assertThat(assembly.accept(header(4, 0x90, 0x00, 1, 't', 2)).complete()).isNull();
        assertThat(assembly.accept(body(1, 2)).complete()).isNull();
        PublishCommand publish = assembly.accept(body(3, 4)).complete();

        assertThat(publish.method()).isEqualTo(PUBLISH);
        assertThat(publish.properties()).containsExactly(0x90, 0x00, 1, 't', 2);
        assertThat(publish.body()).containsExactly(1, 2, 3, 4);
        assertThat(assembly.awaitsContent()).isFalse();
    }

    @Test
    void emptyBodyCompletesAtTheHeader() {
        assembly.start(PUBLISH);

        PublishCommand publish = assembly.accept(header(0, 0, 0)).complete();

        assertThat(publish.body()).isEmpty();
        assertThat(publish.properties()).containsExactly(0, 0);
    }

    @Test
    void bodyAboveTheMaximumIsRefusedAtTheHeaderWith406() {
        assembly.start(PUBLISH);

        ContentAssembly.Step step = assembly.accept(header(11, 0, 0));

        assertThat(step.code()).isEqualTo(ReplyCode.PRECONDITION_FAILED);
        assertThat(step.text()).isEqualTo("PRECONDITION_FAILED - message size 11 is larger than configured max size 10");
        assertThat(assembly.awaitsContent()).isFalse();
    }

    @Test
    void bodyBeforeHeaderIs505() {
        assembly.start(PUBLISH);

        assertThat(assembly.accept(body(1)).code()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    }

    @Test
    void secondHeaderIs505() {
        assembly.start(PUBLISH);
        assembly.accept(header(2, 0, 0));

        assertThat(assembly.accept(header(2, 0, 0)).code()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    }

    @Test
    void contentWithoutAPublishIs505() {
        assertThat(assembly.accept(header(0, 0, 0)).code()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    }

    @Test
    void bodyBeyondTheBodySizeIs505() {
        assembly.start(PUBLISH);
        assembly.accept(header(2, 0, 0));

        assertThat(assembly.accept(body(1, 2, 3)).code()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    }

    @Test
    void headerOfAnotherClassIs505() {
        assembly.start(PUBLISH);
        ByteBuf payload = Unpooled.buffer();
        payload.writeShort(50).writeShort(0).writeLong(0).writeShort(0);

        assertThat(assembly.accept(new Frame(FrameType.HEADER, 1, payload)).code())
                .isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    }

    /** A basic content header payload: class 60, weight 0, {@code bodySize}, then the property section. */
    private static Frame header(long bodySize, int... properties) {
        ByteBuf payload = Unpooled.buffer();
        payload.writeShort(60).writeShort(0).writeLong(bodySize);
        for (int b : properties) {
            payload.writeByte(b);
        }
        return new Frame(FrameType.HEADER, 1, payload);
    }

    private static Frame body(int... bytes) {
        ByteBuf payload = Unpooled.buffer();
        for (int b : bytes) {
            payload.writeByte(b);
        }
        return new Frame(FrameType.BODY, 1, payload);
    }
}
