package io.tsunagu.routing.amqp.exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A headers exchange's bindings (§3.1.3.4): each binding's {@link HeadersMatch} against the message's headers
 * table; the routing key plays no part. Reads the headers (and so decodes the property section) only when the
 * exchange has bindings.
 */
final class HeadersBindings implements ExchangeBindings {

    private record Conditional(HeadersMatch condition, Destination destination) {
    }

    private final List<Conditional> bindings;

    HeadersBindings(Collection<BindingDefinition> definitions) {
        List<Conditional> compiled = new ArrayList<>(definitions.size());
        for (BindingDefinition binding : definitions) {
            compiled.add(new Conditional(HeadersMatch.of(binding.arguments()), binding.destination()));
        }
        this.bindings = List.copyOf(compiled);
    }

    @Override
    public void match(RoutedMessage message, Collection<Destination> into) {
        if (bindings.isEmpty()) {
            return;
        }
        Map<String, Object> headers = message.headers();
        Set<Destination> found = new LinkedHashSet<>();
        for (Conditional binding : bindings) {
            if (!found.contains(binding.destination()) && binding.condition().matches(headers)) {
                found.add(binding.destination());
            }
        }
        into.addAll(found);
    }
}
