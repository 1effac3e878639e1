package io.tsunagu.storage.repo;

import java.util.List;

/** The exchanges, queues and bindings of one virtual host, each list in name order. */
public record AmqpTopology(List<AmqpExchange> exchanges, List<AmqpQueue> queues, List<AmqpBinding> bindings) {
}
