package io.tsunagu.routing.amqp.exchange;

import java.util.Locale;
import java.util.Optional;

/** The exchange types storage accepts (AMQP 0-9-1 §3.1.3 and the headers exchange). */
public enum ExchangeType {
    /** Exact routing key (§3.1.3.1). */
    DIRECT,
    /** Every binding, whatever the routing key (§3.1.3.2). */
    FANOUT,
    /** Dot-separated words with {@code *} and {@code #} (§3.1.3.3, as RabbitMQ's rabbit_exchange_type_topic). */
    TOPIC,
    /** The message's headers table against the binding arguments (§3.1.3.4, as rabbit_exchange_type_headers). */
    HEADERS;

    /** The type named {@code name} in the topology stream ({@code direct}...), if it is one of these. */
    public static Optional<ExchangeType> of(String name) {
        for (ExchangeType type : values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
