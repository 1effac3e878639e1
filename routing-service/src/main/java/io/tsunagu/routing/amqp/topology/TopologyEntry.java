package io.tsunagu.routing.amqp.topology;

import io.tsunagu.routing.amqp.exchange.BindingDefinition;
import io.tsunagu.routing.amqp.exchange.ExchangeDefinition;

/** One entity of {@code tsunagu.topology}, as one record's JSON value describes it. */
sealed interface TopologyEntry {

    /** Its virtual host. */
    String vhost();

    /** An exchange record. */
    record Exchange(ExchangeDefinition definition) implements TopologyEntry {

        @Override
        public String vhost() {
            return definition.vhost();
        }
    }

    /** A queue record. */
    record Queue(QueueDefinition definition) implements TopologyEntry {

        @Override
        public String vhost() {
            return definition.vhost();
        }
    }

    /** A binding record. */
    record Binding(BindingDefinition definition) implements TopologyEntry {

        @Override
        public String vhost() {
            return definition.vhost();
        }
    }
}
