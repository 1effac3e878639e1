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
    void subscriptionQos3OrRetainHandling3RefusedByNettysLookupsAreProtocolErrors() {
        // MQTT 5 §3.8.3.1: both are Protocol Errors.
        assertThat(DecodeFailures.classify(new IllegalArgumentException("invalid QoS: 3")))
                .contains(IngestError.PROTOCOL_ERROR);
        assertThat(DecodeFailures.classify(new IllegalArgumentException("invalid RetainedHandlingPolicy: 3")))
                .contains(IngestError.PROTOCOL_ERROR);
    }

    @Test
    void otherLookupFailuresWhileDecodingAreMalformedPackets() {
        assertThat(DecodeFailures.classify(new IllegalArgumentException("unknown message type: 0")))
                .contains(IngestError.MALFORMED_PACKET);
        assertThat(DecodeFailures.classify(new IllegalArgumentException("unknown property type: 127")))
                .contains(IngestError.MALFORMED_PACKET);
    }

    @Test
    void networkErrorsAreNotProtocolErrors() {
        assertThat(DecodeFailures.classify(new IOException("Connection reset by peer"))).isEmpty();
    }
}
