package io.tsunagu.routing.amqp.exchange;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** A fanout exchange's bindings: every destination takes every message, whatever its routing key (§3.1.3.2). */
final class FanoutBindings implements ExchangeBindings {

    private final List<Destination> destinations;

    FanoutBindings(Collection<BindingDefinition> bindings) {
        LinkedHashSet<Destination> distinct = new LinkedHashSet<>();
        bindings.forEach(binding -> distinct.add(binding.destination()));
        this.destinations = List.copyOf(distinct);
    }

    @Override
    public void match(RoutedMessage message, Collection<Destination> into) {
        into.addAll(destinations);
    }
}
