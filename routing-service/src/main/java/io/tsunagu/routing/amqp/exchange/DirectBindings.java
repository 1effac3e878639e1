package io.tsunagu.routing.amqp.exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A direct exchange's bindings: a destination takes a message whose routing key equals its binding key (§3.1.3.1). */
final class DirectBindings implements ExchangeBindings {

    private final Map<String, List<Destination>> byKey;

    DirectBindings(Collection<BindingDefinition> bindings) {
        Map<String, Set<Destination>> keys = new HashMap<>();
        for (BindingDefinition binding : bindings) {
            keys.computeIfAbsent(binding.routingKey(), key -> new LinkedHashSet<>()).add(binding.destination());
        }
        Map<String, List<Destination>> compiled = new HashMap<>();
        keys.forEach((key, destinations) -> compiled.put(key, List.copyOf(new ArrayList<>(destinations))));
        this.byKey = Map.copyOf(compiled);
    }

    @Override
    public void match(RoutedMessage message, Collection<Destination> into) {
        into.addAll(byKey.getOrDefault(message.routingKey(), List.of()));
    }
}
