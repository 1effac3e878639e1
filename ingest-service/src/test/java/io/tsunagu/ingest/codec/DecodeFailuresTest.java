package io.tsunagu.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.tsunagu.contracts.error.IngestError;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DecodeFailuresTest {

    @Test
    void oversizedPacketIsPacketTooLarge() {
        assertThat(DecodeFailures.classify(new TooLongFrameException("message length exceeds 1048576")))
                .contains(IngestError.PACKET_TOO_LARGE);
    }

    @Test
    void wildcardPublishTopicRefusedByTheDecoderIsTopicNameInvalid() {
        assertThat(DecodeFailures.classify(new DecoderException("invalid publish topic name: a/+ (contains wildcards)")))
                .contains(IngestError.TOPIC_NAME_INVALID);
    }

    @Test
    void otherDecoderFailuresAreMalformedPackets() {
        assertThat(DecodeFailures.classify(new DecoderException("non-zero reserved flag")))
                .contains(IngestError.MALFORMED_PACKET);
    }

    @Test
    void networkErrorsAreNotProtocolErrors() {
        assertThat(DecodeFailures.classify(new IOException("Connection reset by peer"))).isEmpty();
    }
}
