package io.tsunagu.storage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The exclusive queues deleted for a connection or node. */
@RegisterForReflection
public record DeletedQueues(List<QueueItem> queues) {
}
