package io.tsunagu.routing.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.event.DeliveryKind;
import io.tsunagu.contracts.stream.Streams;
import io.tsunagu.routing.session.ClientKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading the hand-back headers of a publish-stream record ({@link Streams#SHARE_TARGET_HEADER},
 * {@link Streams#SESSION_TARGET_HEADER}).
 */
class HandedBackCopyTest {

    private final RecordHeaders headers = new RecordHeaders();

    private void header(String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recordWithoutTheTargetHeaderIsANewMessage() {
        header("other", "x");
        header(Streams.SHARE_EXCLUDE_HEADER, "m1");

        assertThat(HandedBackCopy.of(headers)).isEmpty();
    }

    @Test
    void targetAndExcludedClientAreRead() {
        header(Streams.SHARE_TARGET_HEADER, "$share/g/a/+");
        header(Streams.SHARE_EXCLUDE_HEADER, "m\u00fc1");

        Optional<HandedBackCopy> copy = HandedBackCopy.of(headers);

        assertThat(copy).contains(
                new HandedBackCopy(HandedBackCopy.Kind.SHARED, "$share/g/a/+", "m\u00fc1", false, null));
        assertThat(copy.orElseThrow().isValid()).isTrue();
    }

    @Test
    void excludedClientIsOptional() {
        header(Streams.SHARE_TARGET_HEADER, "$share/g/#");

        assertThat(HandedBackCopy.of(headers))
                .contains(new HandedBackCopy(HandedBackCopy.Kind.SHARED, "$share/g/#", null, false, null));
    }

    @Test
    void theLastTargetHeaderCounts() {
        header(Streams.SHARE_TARGET_HEADER, "$share/old/a");
        header(Streams.SHARE_TARGET_HEADER, "$share/new/a");

        assertThat(HandedBackCopy.of(headers).orElseThrow().target()).isEqualTo("$share/new/a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "$share/g", "$share//a", ""})
    void targetThatIsNoSharedFilterIsMalformed(String target) {
        header(Streams.SHARE_TARGET_HEADER, target);

        HandedBackCopy copy = HandedBackCopy.of(headers).orElseThrow();

        assertThat(copy.isValid()).isFalse();
        assertThat(copy.malformed()).contains("not a shared filter");
    }

    @Test
    void targetThatIsNotUtf8IsMalformed() {
        headers.add(Streams.SHARE_TARGET_HEADER, new byte[] {0x24, (byte) 0xc3, 0x28});

        HandedBackCopy copy = HandedBackCopy.of(headers).orElseThrow();

        assertThat(copy.isValid()).isFalse();
        assertThat(copy.malformed()).isEqualTo(Streams.SHARE_TARGET_HEADER + " is not UTF-8");
    }

    @Test
    void targetHeaderWithoutAValueIsMalformed() {
        headers.add(Streams.SHARE_TARGET_HEADER, null);

        HandedBackCopy copy = HandedBackCopy.of(headers).orElseThrow();

        assertThat(copy.isValid()).isFalse();
        assertThat(copy.malformed()).contains("not a shared filter");
    }

    @Test
    void excludedClientThatIsNotUtf8IsMalformed() {
        header(Streams.SHARE_TARGET_HEADER, "$share/g/a");
        headers.add(Streams.SHARE_EXCLUDE_HEADER, new byte[] {(byte) 0xff});

        HandedBackCopy copy = HandedBackCopy.of(headers).orElseThrow();

        assertThat(copy.isValid()).isFalse();
        assertThat(copy.malformed()).isEqualTo(Streams.SHARE_EXCLUDE_HEADER + " is not UTF-8");
    }

    @Test
    void sessionTargetNamesTheSessionAndIsLiveWithoutDup() {
        header(Streams.SESSION_TARGET_HEADER, Streams.sessionKey("t", "c/1"));

        HandedBackCopy copy = HandedBackCopy.of(headers).orElseThrow();

        assertThat(copy.kind()).isEqualTo(HandedBackCopy.Kind.SESSION);
        assertThat(copy.session()).contains(new ClientKey("t", "c/1"));
        assertThat(copy.deliveryKind()).isEqualTo(DeliveryKind.LIVE);
    }

    @Test
    void sessionTargetWithTheDupHeaderIsRequeued() {
        // A copy that was in flight goes out again with DUP 1 [MQTT-4.4.0-1].
        header(Streams.SESSION_TARGET_HEADER, Streams.sessionKey("t", "c1"));
        header(Streams.DUP_HEADER, "");

        assertThat(HandedBackCopy.of(headers).orElseThrow().deliveryKind()).isEqualTo(DeliveryKind.REQUEUED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-separator", "\u0000node\u0000n1"})
    void sessionTargetThatIsNoSessionKeyIsMalformed(String target) {
        header(Streams.SESSION_TARGET_HEADER, target);

        HandedBackCopy copy = HandedBackCopy.of(headers).orElseThrow();

        assertThat(copy.isValid()).isFalse();
        assertThat(copy.session()).isEmpty();
    }

    @Test
    void sessionAndShareTargetTogetherAreMalformed() {
        header(Streams.SESSION_TARGET_HEADER, Streams.sessionKey("t", "c1"));
        header(Streams.SHARE_TARGET_HEADER, "$share/g/a");

        assertThat(HandedBackCopy.of(headers).orElseThrow().isValid()).isFalse();
    }
}
