package io.tsunagu.routing.amqp.exchange;

import static io.tsunagu.routing.amqp.exchange.Bindings.exchange;
import static io.tsunagu.routing.amqp.exchange.Bindings.toExchange;
import static io.tsunagu.routing.amqp.exchange.Bindings.toQueue;
import static io.tsunagu.routing.amqp.exchange.Bindings.withAlternate;
import static org.assertj.core.api.Assertions.assertThat;

import io.tsunagu.contracts.amqp.LongString;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Routing through a vhost's exchanges as RabbitMQ's rabbit_exchange:route does: the default exchange, each type,
 * exchange-to-exchange bindings (each exchange once, cycles end, each queue once), alternate exchanges (used only when
 * an exchange's own bindings give nothing, followed in turn), internal exchanges, and missing ones.
 */
class VhostExchangesTest {

    private static final Set<String> QUEUES = Set.of("q1", "q2", "q3", "orders", "unrouted", "audit");

    private static VhostExchanges vhost(List<ExchangeDefinition> exchanges, List<BindingDefinition> bindings) {
        return VhostExchanges.compile(Bindings.VHOST, exchanges, bindings, QUEUES);
    }

    private static Set<String> route(VhostExchanges vhost, String exchange, String key) {
        return vhost.route(exchange, RoutedMessage.withoutHeaders(key)).queues();
    }

    @Test
    void defaultExchangeTakesTheQueueNamedByTheRoutingKey() {
        VhostExchanges vhost = vhost(List.of(), List.of());

        assertThat(route(vhost, "", "orders")).containsExactly("orders");
        assertThat(route(vhost, "", "no-such-queue")).isEmpty();
        assertThat(vhost.route("", RoutedMessage.withoutHeaders("no-such-queue")).exchangeFound()).isTrue();
    }

    @Test
    void defaultExchangeIgnoresBindingsAndAlternates() {
        VhostExchanges vhost = vhost(List.of(withAlternate("", "direct", "amq.fanout")),
                List.of(toQueue("", "q1", "orders"), toQueue("amq.fanout", "q2", "")));

        assertThat(route(vhost, "", "orders")).containsExactly("orders");
        assertThat(route(vhost, "", "nothing")).isEmpty();
    }

    @Test
    void predeclaredExchangesExistInEveryVhost() {
        VhostExchanges vhost = VhostExchanges.EMPTY;

        for (String name : List.of("", "amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match")) {
            assertThat(vhost.hasExchange(name)).as(name).isTrue();
            assertThat(vhost.route(name, RoutedMessage.withoutHeaders("k")).exchangeFound()).isTrue();
        }
    }

    @Test
    void missingExchangeRoutesNowhere() {
        ExchangeRoute route = vhost(List.of(), List.of()).route("deleted", RoutedMessage.withoutHeaders("k"));

        assertThat(route.exchangeFound()).isFalse();
        assertThat(route.queues()).isEmpty();
    }

    @Test
    void directTakesExactKeysOnly() {
        VhostExchanges vhost = vhost(List.of(exchange("d", "direct")),
                List.of(toQueue("d", "q1", "a"), toQueue("d", "q2", "a"), toQueue("d", "q3", "b")));

        assertThat(route(vhost, "d", "a")).containsExactlyInAnyOrder("q1", "q2");
        assertThat(route(vhost, "d", "A")).isEmpty();
        assertThat(route(vhost, "d", "a.b")).isEmpty();
    }

    @Test
    void directWithEmptyKeys() {
        VhostExchanges vhost = vhost(List.of(exchange("d", "direct")), List.of(toQueue("d", "q1", "")));

        assertThat(route(vhost, "d", "")).containsExactly("q1");
        assertThat(route(vhost, "d", "x")).isEmpty();
    }

    @Test
    void fanoutTakesEveryBoundQueueWhateverTheKey() {
        VhostExchanges vhost = vhost(List.of(exchange("f", "fanout")),
                List.of(toQueue("f", "q1", "x"), toQueue("f", "q2", "")));

        assertThat(route(vhost, "f", "anything")).containsExactlyInAnyOrder("q1", "q2");
    }

    @Test
    void topicExchangeRoutesByWords() {
        VhostExchanges vhost = vhost(List.of(), List.of(toQueue("amq.topic", "q1", "a.*.c"),
                toQueue("amq.topic", "q2", "a.#")));

        assertThat(route(vhost, "amq.topic", "a.b.c")).containsExactlyInAnyOrder("q1", "q2");
        assertThat(route(vhost, "amq.topic", "a")).containsExactly("q2");
    }

    @Test
    void headersExchangeDecodesHeadersOnlyWhenItHasBindings() {
        AtomicInteger decoded = new AtomicInteger();
        RoutedMessage message = new RoutedMessage("k", () -> {
            decoded.incrementAndGet();
            return Map.of("format", LongString.of("pdf"));
        });
        VhostExchanges vhost = vhost(List.of(), List.of(toQueue("amq.headers", "q1", Map.of("format", "pdf")),
                toQueue("amq.direct", "q2", "k")));

        assertThat(vhost.route("amq.direct", message).queues()).containsExactly("q2");
        assertThat(decoded).hasValue(0);
        assertThat(vhost.route("amq.match", message).queues()).isEmpty();
        assertThat(decoded).hasValue(0);
        assertThat(vhost.route("amq.headers", message).queues()).containsExactly("q1");
        assertThat(decoded).hasValue(1);
    }

    @Test
    void exchangeToExchangeBindingsRouteOnWithTheSameKey() {
        VhostExchanges vhost = vhost(List.of(exchange("front", "direct"), exchange("back", "topic")),
                List.of(toExchange("front", "back", "k.x"), toQueue("back", "q1", "k.*"),
                        toQueue("back", "q2", "other")));

        ExchangeRoute route = vhost.route("front", RoutedMessage.withoutHeaders("k.x"));

        assertThat(route.queues()).containsExactly("q1");
        assertThat(route.exchanges()).containsExactly("front", "back");
    }

    @Test
    void cyclesEndAndEachExchangeIsVisitedOnce() {
        VhostExchanges vhost = vhost(List.of(exchange("x1", "fanout"), exchange("x2", "fanout")),
                List.of(toExchange("x1", "x2", ""), toExchange("x2", "x1", ""), toExchange("x2", "x2", ""),
                        toQueue("x2", "q1", "")));

        assertThat(route(vhost, "x1", "k")).containsExactly("q1");
        assertThat(route(vhost, "x2", "k")).containsExactly("q1");
    }

    @Test
    void queueReachedOnSeveralPathsIsReachedOnce() {
        VhostExchanges vhost = vhost(List.of(exchange("x1", "fanout"), exchange("x2", "fanout"),
                        exchange("x3", "fanout")),
                List.of(toExchange("x1", "x2", ""), toExchange("x1", "x3", ""), toQueue("x1", "q1", ""),
                        toQueue("x2", "q1", ""), toQueue("x3", "q1", ""), toQueue("x3", "q2", "")));

        ExchangeRoute route = vhost.route("x1", RoutedMessage.withoutHeaders(""));

        assertThat(route.queues()).hasSize(2).containsExactlyInAnyOrder("q1", "q2");
    }

    @Test
    void alternateExchangeTakesWhatNoBindingTakes() {
        VhostExchanges vhost = vhost(List.of(withAlternate("d", "direct", "ae"), exchange("ae", "fanout")),
                List.of(toQueue("d", "orders", "order"), toQueue("ae", "unrouted", "")));

        assertThat(route(vhost, "d", "order")).containsExactly("orders");
        assertThat(route(vhost, "d", "other")).containsExactly("unrouted");
    }

    @Test
    void alternateOfTheAlternateIsFollowed() {
        VhostExchanges vhost = vhost(List.of(withAlternate("d", "direct", "ae1"),
                        withAlternate("ae1", "direct", "ae2"), exchange("ae2", "fanout")),
                List.of(toQueue("ae1", "q1", "only-this"), toQueue("ae2", "unrouted", "")));

        assertThat(route(vhost, "d", "only-this")).containsExactly("q1");
        assertThat(route(vhost, "d", "x")).containsExactly("unrouted");
    }

    @Test
    void alternateIsNotUsedWhenABindingLeadsToAnExchangeThatRoutesNothing() {
        // RabbitMQ's process_alternate looks at the exchange's own destinations, exchanges included.
        VhostExchanges vhost = vhost(List.of(withAlternate("d", "direct", "ae"), exchange("empty", "direct"),
                        exchange("ae", "fanout")),
                List.of(toExchange("d", "empty", "k"), toQueue("ae", "unrouted", "")));

        assertThat(route(vhost, "d", "k")).isEmpty();
        assertThat(route(vhost, "d", "other")).containsExactly("unrouted");
    }

    @Test
    void alternateOfAnExchangeReachedThroughABindingIsUsedToo() {
        VhostExchanges vhost = vhost(List.of(exchange("front", "fanout"), withAlternate("inner", "direct", "ae"),
                        exchange("ae", "fanout")),
                List.of(toExchange("front", "inner", ""), toQueue("ae", "unrouted", "")));

        assertThat(route(vhost, "front", "k")).containsExactly("unrouted");
    }

    @Test
    void alternateCycleEnds() {
        VhostExchanges vhost = vhost(List.of(withAlternate("a", "direct", "b"), withAlternate("b", "direct", "a")),
                List.of());

        assertThat(route(vhost, "a", "k")).isEmpty();
    }

    @Test
    void missingAlternateRoutesNowhere() {
        VhostExchanges vhost = vhost(List.of(withAlternate("d", "direct", "gone")), List.of());

        ExchangeRoute route = vhost.route("d", RoutedMessage.withoutHeaders("k"));

        assertThat(route.exchangeFound()).isTrue();
        assertThat(route.queues()).isEmpty();
    }

    @Test
    void alternateArgumentOfAnotherTypeIsIgnored() {
        ExchangeDefinition numeric = new ExchangeDefinition(Bindings.VHOST, "d", "direct", true, false, false,
                Map.of(ExchangeDefinition.ALTERNATE_EXCHANGE, 5L));

        assertThat(numeric.alternateExchange()).isEmpty();
    }

    @Test
    void internalExchangesRouteLikeOthers() {
        ExchangeDefinition internal = new ExchangeDefinition(Bindings.VHOST, "inside", "fanout", true, false, true,
                Map.of());
        VhostExchanges vhost = vhost(List.of(exchange("front", "fanout"), internal),
                List.of(toExchange("front", "inside", ""), toQueue("inside", "audit", "")));

        assertThat(route(vhost, "front", "k")).containsExactly("audit");
        assertThat(route(vhost, "inside", "k")).containsExactly("audit");
    }

    @Test
    void bindingsToMissingQueuesAndExchangesAreSkipped() {
        VhostExchanges vhost = vhost(List.of(exchange("f", "fanout")),
                List.of(toQueue("f", "deleted-queue", ""), toExchange("f", "deleted-exchange", ""),
                        toQueue("f", "q1", "")));

        assertThat(route(vhost, "f", "k")).containsExactly("q1");
    }

    @Test
    void unknownExchangeTypeRoutesNothingButItsAlternate() {
        VhostExchanges vhost = vhost(List.of(withAlternate("odd", "x-consistent-hash", "ae"), exchange("ae", "fanout")),
                List.of(toQueue("odd", "q1", "k"), toQueue("ae", "unrouted", "")));

        assertThat(route(vhost, "odd", "k")).containsExactly("unrouted");
    }

    @Test
    void reachingAmqTopicThroughAnotherExchangeIsReported() {
        VhostExchanges vhost = vhost(List.of(exchange("front", "direct")),
                List.of(toExchange("front", "amq.topic", "a.b")));

        ExchangeRoute route = vhost.route("front", RoutedMessage.withoutHeaders("a.b"));

        assertThat(route.reached(VhostExchanges.MQTT_EXCHANGE)).isTrue();
        assertThat(route.queues()).isEmpty();
    }
}
