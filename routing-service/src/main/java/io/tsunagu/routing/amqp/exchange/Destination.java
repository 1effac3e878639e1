package io.tsunagu.routing.amqp.exchange;

import java.util.Objects;

/**
 * Where a binding leads: a queue, or another exchange (an exchange-to-exchange binding, a RabbitMQ extension).
 *
 * @param kind queue or exchange
 * @param name the queue's or exchange's name in the binding's virtual host
 */
public record Destination(Kind kind, String name) {

    /** What a binding leads to; {@link #wireName()} is storage's {@code destinationKind}. */
    public enum Kind {
        QUEUE("queue"),
        EXCHANGE("exchange");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the topology stream's JSON. */
        public String wireName() {
            return wireName;
        }

        /** The kind named {@code wireName} in the topology stream's JSON, or null for an unknown one. */
        public static Kind fromWireName(String wireName) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(wireName)) {
                    return kind;
                }
            }
            return null;
        }
    }

    public Destination {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The queue {@code name}. */
    public static Destination queue(String name) {
        return new Destination(Kind.QUEUE, name);
    }

    /** The exchange {@code name}. */
    public static Destination exchange(String name) {
        return new Destination(Kind.EXCHANGE, name);
    }
}
