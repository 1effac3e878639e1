package io.tsunagu.ingest.codec.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.amqp.LongString;
import io.tsunagu.ingest.codec.amqp.SaslResponse.Credentials;
import org.junit.jupiter.api.Test;

class SaslResponseTest {

    @Test
    void plainWithoutAuthorizationIdentityGivesUserAndPassword() {
        DecodeResult<Credentials> result = SaslResponse.plain(LongString.of("\0guest\0secret"));

        assertThat(result).isEqualTo(DecodeResult.decoded(new Credentials("guest", "secret")));
    }

    @Test
    void plainIgnoresTheAuthorizationIdentity() {
        DecodeResult<Credentials> result = SaslResponse.plain(LongString.of("admin\0guest\0"));

        assertThat(result).isEqualTo(DecodeResult.decoded(new Credentials("guest", "")));
    }

    @Test
    void plainWithoutTwoSeparatorsIsASyntaxError() {
        assertThat(SaslResponse.plain(LongString.of("guest\0secret")))
                .isInstanceOfSatisfying(DecodeResult.Failed.class,
                        failed -> assertThat(failed.code()).isEqualTo(ReplyCode.SYNTAX_ERROR));
    }

    @Test
    void amqplainReadsLoginAndPasswordFromATableBody() {
        byte[] body = {
            5, 'L', 'O', 'G', 'I', 'N', 'S', 0, 0, 0, 5, 'g', 'u', 'e', 's', 't',
            8, 'P', 'A', 'S', 'S', 'W', 'O', 'R', 'D', 'S', 0, 0, 0, 2, 'p', 'w'};

        assertThat(SaslResponse.amqplain(new LongString(body)))
                .isEqualTo(DecodeResult.decoded(new Credentials("guest", "pw")));
    }

    @Test
    void amqplainWithoutPasswordIsASyntaxError() {
        byte[] body = {5, 'L', 'O', 'G', 'I', 'N', 'S', 0, 0, 0, 1, 'g'};

        assertThat(SaslResponse.amqplain(new LongString(body)))
                .isInstanceOfSatisfying(DecodeResult.Failed.class,
                        failed -> assertThat(failed.code()).isEqualTo(ReplyCode.SYNTAX_ERROR));
    }

    @Test
    void amqplainWithATruncatedFieldIsASyntaxError() {
        byte[] body = {5, 'L', 'O', 'G', 'I', 'N', 'S', 0, 0, 0, 9, 'g'};

        assertThat(SaslResponse.amqplain(new LongString(body)))
                .isInstanceOfSatisfying(DecodeResult.Failed.class,
                        failed -> assertThat(failed.code()).isEqualTo(ReplyCode.SYNTAX_ERROR));
    }
}
