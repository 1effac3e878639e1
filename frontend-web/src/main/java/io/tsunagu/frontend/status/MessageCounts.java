package io.tsunagu.frontend.status;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The platform's message counts, summed over the instances of each service that reported them; null where no
 * instance did.
 *
 * @param ingestIn messages the ingest nodes accepted from clients
 * @param ingestOut messages the ingest nodes delivered to subscribers
 * @param routingIn publishes routing consumed
 * @param routingOut deliveries routing produced
 * @param storageStored messages storage wrote to PostgreSQL
 */
public record MessageCounts(Long ingestIn, Long ingestOut, Long routingIn, Long routingOut, Long storageStored) {

    /** The counts over {@code statuses}. */
    public static MessageCounts of(List<ServiceStatus> statuses) {
        return new MessageCounts(
                sum(statuses, StatusTargets.INGEST, ServiceStatus::messagesIn),
                sum(statuses, StatusTargets.INGEST, ServiceStatus::messagesOut),
                sum(statuses, StatusTargets.ROUTING, ServiceStatus::messagesIn),
                sum(statuses, StatusTargets.ROUTING, ServiceStatus::messagesOut),
                sum(statuses, StatusTargets.STORAGE, ServiceStatus::messagesStored));
    }

    private static Long sum(List<ServiceStatus> statuses, String service, Function<ServiceStatus, Long> counter) {
        List<Long> reported = statuses.stream()
                .filter(status -> status.service().equals(service))
                .map(counter)
                .filter(Objects::nonNull)
                .toList();
        return reported.isEmpty() ? null : reported.stream().mapToLong(Long::longValue).sum();
    }
}
