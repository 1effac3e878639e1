package io.tsunagu.ingest.transport.amqp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Storage's HTTP answers as AMQP replies. */
class TopologyAnswerTest {

    @Test
    void successIsAcceptedWithTheStoredEntity() {
        TopologyAnswer answer = TopologyAnswer.fromHttp(200, "{\"name\":\"amq.gen-1\"}");

        assertThat(answer.isAccepted()).isTrue();
        assertThat(answer.entity().getString("name")).isEqualTo("amq.gen-1");
    }

    @Test
    void noContentIsAccepted() {
        assertThat(TopologyAnswer.fromHttp(204, "").isAccepted()).isTrue();
    }

    @Test
    void refusalCarriesStoragesReplyCodeAndText() {
        TopologyAnswer answer = TopologyAnswer.fromHttp(409, "{\"replyCode\":406,\"replyText\":\"PRECONDITION_FAILED"
                + " - inequivalent arg 'durable' for exchange 'x' in vhost '/'\"}");

        assertThat(answer.isAccepted()).isFalse();
        assertThat(answer.replyCode()).isEqualTo(406);
        assertThat(answer.replyText()).startsWith("PRECONDITION_FAILED - inequivalent arg");
    }

    @Test
    void notFoundKeepsItsCode() {
        assertThat(TopologyAnswer.fromHttp(404, "{\"replyCode\":404,\"replyText\":\"NOT_FOUND - no queue 'q'\"}")
                .replyCode()).isEqualTo(404);
    }

    @Test
    void anErrorWithoutAReplyCodeIsInternalError() {
        assertThat(TopologyAnswer.fromHttp(500, "oops").replyCode()).isEqualTo(541);
        assertThat(TopologyAnswer.fromHttp(503, "{\"error\":\"x\"}").replyCode()).isEqualTo(541);
    }
}
