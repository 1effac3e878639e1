package io.tsunagu.ingest.transport.amqp10;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RabbitMQ's AMQP 1.0 address forms (RabbitMQ 4's v2 and 3.x's v1) as link targets and sources. */
class Amqp10AddressTest {

    @Test
    void exchangeAndKeyTarget() {
        assertThat(Amqp10Address.target("/exchanges/amq.topic/a.b")).isEqualTo(new Amqp10Address("amq.topic",
                "a.b"));
    }

    @Test
    void exchangeTargetTakesTheKeyFromTheSubject() {
        assertThat(Amqp10Address.target("/exchanges/orders")).isEqualTo(new Amqp10Address("orders", null));
    }

    @Test
    void v2SegmentsArePercentDecoded() {
        assertThat(Amqp10Address.target("/exchanges/my%2Fexchange/k%20%C3%A9+x")).isEqualTo(
                new Amqp10Address("my/exchange", "k é+x"));
    }

    @Test
    void amqDefaultIsTheDefaultExchange() {
        assertThat(Amqp10Address.target("/exchanges/amq.default/q1")).isEqualTo(new Amqp10Address("", "q1"));
    }

    @Test
    void queueTargetPublishesToTheDefaultExchange() {
        assertThat(Amqp10Address.target("/queues/q1")).isEqualTo(new Amqp10Address("", "q1"));
        assertThat(Amqp10Address.target("/queue/q1")).isEqualTo(new Amqp10Address("", "q1"));
    }

    @Test
    void v1ExchangeAndTopicTargetsAreLiteral() {
        assertThat(Amqp10Address.target("/exchange/x/a/b")).isEqualTo(new Amqp10Address("x", "a/b"));
        assertThat(Amqp10Address.target("/exchange/x")).isEqualTo(new Amqp10Address("x", null));
        assertThat(Amqp10Address.target("/topic/a.%b")).isEqualTo(new Amqp10Address("amq.topic", "a.%b"));
    }

    @Test
    void unknownOrMalformedTargetsAreNull() {
        assertThat(Amqp10Address.target(null)).isNull();
        assertThat(Amqp10Address.target("orders")).isNull();
        assertThat(Amqp10Address.target("/exchanges/")).isNull();
        assertThat(Amqp10Address.target("/exchanges/x/k/extra")).isNull();
        assertThat(Amqp10Address.target("/exchanges/x/%zz")).isNull();
        assertThat(Amqp10Address.target("/exchanges/x/%C3")).isNull();
        assertThat(Amqp10Address.target("/queues/a/b")).isNull();
        assertThat(Amqp10Address.target("/elsewhere/x")).isNull();
    }

    @Test
    void queueSources() {
        assertThat(Amqp10Address.sourceQueue("/queues/q%201")).isEqualTo("q 1");
        assertThat(Amqp10Address.sourceQueue("/queue/q1")).isEqualTo("q1");
        assertThat(Amqp10Address.sourceQueue("/queues/")).isNull();
        assertThat(Amqp10Address.sourceQueue("/queues/a/b")).isNull();
        assertThat(Amqp10Address.sourceQueue("/exchanges/x")).isNull();
        assertThat(Amqp10Address.sourceQueue(null)).isNull();
    }
}
