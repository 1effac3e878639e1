package io.tsunagu.ingest.codec.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReplyCodeTest {

    @Test
    void everySpecCodeIsPresent() {
        assertThat(Arrays.stream(ReplyCode.values()).map(ReplyCode::code))
                .containsExactly(200, 311, 312, 313, 320, 402, 403, 404, 405, 406, 501, 502, 503, 504, 505, 506, 530,
                        540, 541);
    }

    @Test
    void softErrorsCloseTheChannel() {
        // amqp0-9-1.xml: class="soft-error" for 311, 312, 313, 403, 404, 405, 406.
        assertThat(Arrays.stream(ReplyCode.values()).filter(c -> c.scope() == ReplyCode.Scope.CHANNEL)
                .map(ReplyCode::code)).containsExactly(311, 312, 313, 403, 404, 405, 406);
    }

    @Test
    void frameErrorIsHard() {
        assertThat(ReplyCode.FRAME_ERROR.isHardError()).isTrue();
        assertThat(ReplyCode.NOT_FOUND.isHardError()).isFalse();
        assertThat(ReplyCode.REPLY_SUCCESS.isHardError()).isFalse();
    }

    @Test
    void codesAreLookedUpByNumber() {
        assertThat(ReplyCode.fromCode(540)).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
        assertThat(ReplyCode.fromCode(999)).isNull();
    }
}
