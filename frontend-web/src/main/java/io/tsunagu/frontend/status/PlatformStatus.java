package io.tsunagu.frontend.status;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/status}: every service instance and the platform's message counts.
 *
 * @param status UP only when every instance is UP
 * @param checkedAt when the services were asked
 * @param refreshMillis how often the page should ask again, in milliseconds
 * @param services one entry per instance: the ingest nodes in configured order, then routing, then storage
 * @param counts the message counts summed per service
 */
public record PlatformStatus(
        Health status,
        Instant checkedAt,
        long refreshMillis,
        List<ServiceStatus> services,
        MessageCounts counts) {

    public PlatformStatus {
        services = List.copyOf(services);
    }
}
