package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tsunagu.storage.repo.AmqpBinding;
import io.tsunagu.storage.repo.AmqpExchange;
import io.tsunagu.storage.repo.AmqpTopology;
import java.util.List;

/** Everything a virtual host holds: exchanges, queues and bindings. */
@RegisterForReflection
public record TopologyPage(List<AmqpExchange> exchanges, List<QueueItem> queues, List<AmqpBinding> bindings) {

    static TopologyPage from(AmqpTopology topology) {
        return new TopologyPage(topology.exchanges(), topology.queues().stream().map(QueueItem::from).toList(),
                topology.bindings());
    }
}
